import type { IncomingMessage, Server } from "node:http";
import { Duplex, Readable } from "node:stream";
import { isHexText } from "@x/protocol";
import { nodeHttp } from "../util/builtins.js";
import { RawHttpRequestError } from "./raw-http-request-error.js";

// The daemon forwards an endpoint call as the bytes of Go's `http.Request.Write` (§2.4.2, `copyRequest` in
// `internal/service/endpoint.go`); OAuth callbacks and trigger webhooks arrive the same way (§2.4.3). They are
// parsed here by Node's own HTTP/1.1 parser (llhttp): one `http.Server` that never listens is handed an in-memory
// socket per request (`emit("connection", socket)`), and the `IncomingMessage` it produces becomes a Fetch
// `Request` whose body streams what llhttp decodes (chunked bodies included).

/**
 * Largest header block accepted, in bytes: 2 MiB. The daemon's Go server reads up to 1 MiB of headers
 * (`http.DefaultMaxHeaderBytes`, plus 4 KiB of slack) and adds `Dify-Hook-Id` / `Dify-Hook-Url`.
 */
export const RAW_HTTP_MAX_HEADER_BYTES = 2 * 1024 * 1024;

/** Options of {@link decodeRawHttpRequest}. */
export interface DecodeRawHttpRequestOptions {
  /**
   * Scheme of the `Request`'s URL. Default: `https` when the request carries `X-Forwarded-Proto: https`, else
   * `http` (the daemon forwards a relative target and the caller's `Host`).
   */
  scheme?: "http" | "https";
  /** Becomes `request.signal` (e.g. the session's signal, so a handler's `fetch` calls stop with it). */
  signal?: AbortSignal;
}

interface Waiter {
  resolve(message: IncomingMessage): void;
  reject(error: Error): void;
}

const waiters = new WeakMap<object, Waiter>();
const messages = new WeakMap<object, IncomingMessage>();
let parser: Server | undefined;

function parserServer(): Server {
  if (parser) return parser;
  const server = nodeHttp().createServer({
    maxHeaderSize: RAW_HTTP_MAX_HEADER_BYTES,
    // Go always writes Host; an OAuth or trigger request written by hand may not, and is still a request.
    requireHostHeader: false,
  });
  // The socket ends right after the request's bytes; half-open keeps the server from aborting a request whose
  // body has not been read yet.
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  server.on("request", (message: IncomingMessage) => {
    const waiter = waiters.get(message.socket);
    // Only the first request of the bytes counts (the daemon sends one); a pipelined second one is ignored.
    if (!waiter) return;
    waiters.delete(message.socket);
    messages.set(message.socket, message);
    waiter.resolve(message);
  });
  server.on("clientError", (error: Error & { code?: string }, socket) => {
    const failure = new RawHttpRequestError(error.code ?? "parse_error", describe(error), { cause: error });
    const waiter = waiters.get(socket);
    waiters.delete(socket);
    // A body cut short (chunked or Content-Length) fails the body stream the handler reads.
    messages.get(socket)?.destroy(failure);
    socket.destroy();
    waiter?.reject(failure);
  });
  parser = server;
  return server;
}

/** An in-memory socket: reads the raw request, swallows whatever the server would answer (e.g. `100 Continue`). */
function memorySocket(): Duplex {
  return new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

function describe(error: Error & { code?: string }): string {
  if (error.code === "HPE_INVALID_EOF_STATE") return "the request ends before its head or body is complete";
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === "string" && reason.length > 0 ? reason : error.message;
}

function rawBytes(raw: string | Uint8Array): Buffer {
  if (typeof raw !== "string") return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!isHexText(raw)) {
    throw new RawHttpRequestError(
      "not_hex",
      "raw_http_request must be hex text (an even number of 0-9, a-f)",
    );
  }
  return Buffer.from(raw, "hex");
}

/**
 * Parses one raw HTTP/1.1 request (hex text as the daemon sends it, or bytes) into a Fetch `Request`: method,
 * the URL built from the request target and `Host`, every header in order (repeated ones appended), and a body
 * stream (`Transfer-Encoding: chunked` decoded, so that header is dropped). GET and HEAD requests get no body, as
 * Fetch requires. Throws {@link RawHttpRequestError} for anything llhttp rejects or a request cut short.
 */
export async function decodeRawHttpRequest(
  raw: string | Uint8Array,
  options: DecodeRawHttpRequestOptions = {},
): Promise<Request> {
  const bytes = rawBytes(raw);
  if (bytes.byteLength === 0) throw new RawHttpRequestError("empty", "the request has no bytes");
  const socket = memorySocket();
  const message = await new Promise<IncomingMessage>((resolve, reject) => {
    waiters.set(socket, { resolve, reject });
    parserServer().emit("connection", socket);
    socket.push(bytes);
    // The end of the bytes is the end of the connection: llhttp reports a request cut short (HPE_INVALID_EOF_STATE).
    socket.push(null);
  });
  return toFetchRequest(message, socket, options);
}

function toFetchRequest(
  message: IncomingMessage,
  socket: Duplex,
  options: DecodeRawHttpRequestOptions,
): Request {
  const headers = new Headers();
  const raw = message.rawHeaders;
  try {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!;
      if (name.toLowerCase() === "transfer-encoding") continue;
      headers.append(name, raw[i + 1]!);
    }
  } catch (error) {
    socket.destroy();
    throw new RawHttpRequestError("invalid_header", (error as Error).message, { cause: error });
  }
  const method = message.method ?? "GET";
  const scheme = options.scheme ?? (headers.get("x-forwarded-proto") === "https" ? "https" : "http");
  const url = requestUrl(message.url ?? "/", headers.get("host"), scheme);
  const bodyless = method === "GET" || method === "HEAD";
  // The socket has nothing else to give once the body has been read: release it then (or at once when unused).
  const release = () => socket.destroy();
  if (bodyless) {
    message.resume();
    message.once("end", release);
  } else {
    message.once("end", release);
    message.once("error", release);
  }
  try {
    return new Request(url, {
      method,
      headers,
      ...(bodyless ? {} : { body: Readable.toWeb(message) as ReadableStream<Uint8Array>, duplex: "half" }),
      ...(options.signal ? { signal: options.signal } : {}),
    } as RequestInit);
  } catch (error) {
    release();
    throw new RawHttpRequestError("invalid_request", (error as Error).message, { cause: error });
  }
}

function requestUrl(target: string, host: string | null, scheme: string): URL {
  try {
    return new URL(target, `${scheme}://${host || "localhost"}`);
  } catch {
    // A Host that is not a valid authority still leaves the path usable.
    return new URL(target.startsWith("/") ? target : `/${target}`, `${scheme}://localhost`);
  }
}
