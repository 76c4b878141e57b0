import type { InvokePayload } from "@x/protocol";
import type { Dispatcher } from "undici";
import { LineDecoder } from "../../codec/line-decoder.js";
import { ConnectionClosedError } from "../../errors/connection-closed-error.js";
import { DifyPluginError } from "../../errors/dify-plugin-error.js";
import { InvocationError } from "../../errors/invocation-error.js";
import { InvocationTimeoutError } from "../../errors/invocation-timeout-error.js";
import { PayloadTooLargeError } from "../../errors/payload-too-large-error.js";
import { SessionNotFoundError } from "../../errors/session-not-found-error.js";
import { loadUndici } from "../../http/load-undici.js";

/** The daemon reads at most this many bytes of a transaction body (`io.LimitReader`, §1.4.3). */
export const MAX_TRANSACTION_BYTES = 6 * 1024 * 1024;

/** Options of a {@link TransactionClient}. */
export interface TransactionClientOptions {
  /** Base URL of the daemon (`DIFY_PLUGIN_DAEMON_URL`). */
  daemonUrl: string;
  /** undici dispatcher (an `Agent`, a `MockAgent` in tests). Default: a keep-alive `Agent` owned by the client. */
  dispatcher?: Dispatcher;
  /** Milliseconds to wait for the response headers and between two body chunks. Default 250 000. */
  timeout?: number;
  /** Largest request body, in bytes. Default 6 MiB, the daemon's limit. */
  maxBodyBytes?: number;
  /** Longest response line, in bytes. */
  maxLine?: number;
}

/** Callbacks for one transaction's streamed answer. */
export interface TransactionHandlers {
  /** One decoded `backwards_response` frame (or any frame the daemon sent) and its size. */
  onFrame(frame: unknown, bytes: number): void;
  /** A line that could not be decoded; the stream goes on. */
  onError(error: Error): void;
}

const SESSION_ID_HEADER = "dify-plugin-session-id";

/**
 * Serverless reverse calls (§1.4.3): POSTs one `invoke` frame to `/backwards-invocation/transaction` and feeds
 * every line of the streamed answer to the handlers, so the runtime correlates answers exactly as over stdio.
 */
export class TransactionClient {
  private readonly url: string;
  // Created on the first call (undici loads on first use, see util/load-undici.ts) unless the options gave one.
  private dispatcher: Dispatcher | Promise<Dispatcher> | undefined;
  private readonly ownsDispatcher: boolean;
  private readonly timeout: number;
  private readonly maxBodyBytes: number;
  private readonly maxLine: number | undefined;
  private readonly active = new Set<{ controller: AbortController; body?: NodeJS.ReadableStream }>();
  private paused = false;

  constructor(options: TransactionClientOptions) {
    this.url = `${options.daemonUrl.replace(/\/+$/, "")}/backwards-invocation/transaction`;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher;
    this.timeout = options.timeout ?? 250_000;
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_TRANSACTION_BYTES;
    this.maxLine = options.maxLine;
  }

  /** Calls in flight. */
  get inFlight(): number {
    return this.active.size;
  }

  /**
   * Runs one reverse call. Resolves after the daemon's `end` event; rejects with `PayloadTooLargeError`,
   * `SessionNotFoundError`, `InvocationError` (other HTTP errors), `InvocationTimeoutError` or
   * `ConnectionClosedError`.
   */
  async invoke(
    frame: { session_id: string; data: { type: "invoke"; data: InvokePayload } },
    handlers: TransactionHandlers,
    signal?: AbortSignal,
  ): Promise<void> {
    const body = `${JSON.stringify(frame)}\n`;
    const size = Buffer.byteLength(body, "utf8");
    if (size > this.maxBodyBytes) throw new PayloadTooLargeError(size, this.maxBodyBytes);
    const { type, backwards_request_id: id } = frame.data.data;
    if (signal?.aborted) throw new ConnectionClosedError(`the ${type} reverse call ${id} was aborted`);
    const entry: { controller: AbortController; body?: NodeJS.ReadableStream } = {
      controller: new AbortController(),
    };
    this.active.add(entry);
    const abort = () => entry.controller.abort(signal?.reason);
    signal?.addEventListener("abort", abort, { once: true });
    try {
      const { request } = await loadUndici();
      const response = await request(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", [SESSION_ID_HEADER]: frame.session_id },
        body,
        dispatcher: await this.pool(),
        signal: entry.controller.signal,
        headersTimeout: this.timeout,
        bodyTimeout: this.timeout,
      });
      if (response.statusCode !== 200) {
        const text = await readCapped(response.body, 64 * 1024);
        throw httpError(response.statusCode, text, { sessionId: frame.session_id, id, type });
      }
      let sawEnd = false;
      const decoder = new LineDecoder(
        {
          onFrame: (item, bytes) => {
            if (isEndOf(item, id)) sawEnd = true;
            handlers.onFrame(item, bytes);
          },
          onError: (error) => handlers.onError(error),
        },
        this.maxLine === undefined ? {} : { maxLine: this.maxLine },
      );
      entry.body = response.body;
      if (this.paused) response.body.pause();
      await new Promise<void>((resolve, reject) => {
        response.body.on("data", (chunk: Buffer) => decoder.push(chunk));
        response.body.once("end", () => {
          decoder.end();
          resolve();
        });
        response.body.once("error", reject);
      });
      if (!sawEnd) {
        throw new ConnectionClosedError(
          `the daemon ended the ${type} reverse-call response ${id} before its end event`,
        );
      }
    } catch (error) {
      throw mapError(error, { id, type, timeout: this.timeout, url: this.url });
    } finally {
      signal?.removeEventListener("abort", abort);
      this.active.delete(entry);
    }
  }

  /** Stops reading every response body (backpressure). */
  pause(): void {
    this.paused = true;
    for (const entry of this.active) entry.body?.pause();
  }

  /** Resumes reading after {@link TransactionClient.pause}. */
  resume(): void {
    this.paused = false;
    for (const entry of this.active) entry.body?.resume();
  }

  /** Aborts every call in flight and releases the connection pool if the client created it. */
  async close(): Promise<void> {
    for (const entry of this.active)
      entry.controller.abort(new ConnectionClosedError("the transport closed"));
    if (this.ownsDispatcher && this.dispatcher !== undefined) await (await this.dispatcher).close();
  }

  // The keep-alive pool, made on the first call when the options gave none.
  private pool(): Dispatcher | Promise<Dispatcher> {
    this.dispatcher ??= loadUndici().then(
      ({ Agent }) => new Agent({ keepAliveTimeout: 30_000, connections: 128 }),
    );
    return this.dispatcher;
  }
}

function isEndOf(frame: unknown, id: string): boolean {
  if (typeof frame !== "object" || frame === null) return false;
  const data = (frame as { data?: { backwards_request_id?: unknown; event?: unknown } }).data;
  return data?.backwards_request_id === id && data.event === "end";
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array>, cap: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < cap) chunks.push(Buffer.from(chunk).subarray(0, cap - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString("utf8");
}

function httpError(
  status: number,
  text: string,
  call: { sessionId: string; id: string; type: string },
): Error {
  const parsed = parseJson(text) as
    | { message?: unknown; data?: { error_type?: unknown; session_id?: unknown; detail?: unknown } }
    | undefined;
  if (status === 400 && parsed?.data?.error_type === "SessionNotFound") {
    const message = typeof parsed.message === "string" ? parsed.message : "session not found";
    return new SessionNotFoundError({
      sessionId: call.sessionId,
      backwardsRequestId: call.id,
      daemonMessage: message,
    });
  }
  const snippet = text.trim().slice(0, 512);
  return new InvocationError({
    invokeType: call.type,
    backwardsRequestId: call.id,
    daemonMessage: `HTTP ${status} from the daemon's transaction endpoint${snippet ? `: ${snippet}` : ""}`,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function mapError(error: unknown, call: { id: string; type: string; timeout: number; url: string }): unknown {
  if (DifyPluginError.isInstance(error)) return error;
  // undici's error codes (its classes would need undici loaded to compare with).
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new InvocationTimeoutError({
      timer: "idle",
      ms: call.timeout,
      invokeType: call.type,
      backwardsRequestId: call.id,
    });
  }
  if (code === "UND_ERR_ABORTED" || (error as Error)?.name === "AbortError") {
    return new ConnectionClosedError(`the ${call.type} reverse call ${call.id} was aborted`, {
      cause: error,
    });
  }
  return new ConnectionClosedError(
    `the ${call.type} reverse call ${call.id} to ${call.url} failed: ${(error as Error)?.message ?? String(error)}` +
      " (check DIFY_PLUGIN_DAEMON_URL)",
    { cause: error },
  );
}
