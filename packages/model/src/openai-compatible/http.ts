import type { Dispatcher } from "undici";
import {
  InvokeBadRequestError,
  InvokeConnectionError,
  InvokeError,
  InvokeServerUnavailableError,
  invokeErrorForStatus,
} from "../provider/index.js";
import { loadUndici } from "./load-undici.js";

/** How to reach one OpenAI-compatible server. */
export interface OpenAICompatibleConnection {
  /** Base URL of the API, up to and including its version, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; omit for servers without keys (a local vLLM, Ollama). */
  apiKey?: string | undefined;
  /** Extra headers on every request (`OpenAI-Organization`, a gateway's routing header, ...). */
  headers?: Record<string, string> | undefined;
  /** undici dispatcher (a proxy `Agent`, custom TLS, `MockAgent` in tests). Default: undici's global dispatcher. */
  dispatcher?: Dispatcher | undefined;
  /** Time allowed until the response headers arrive, in milliseconds (default 300 000). */
  headersTimeoutMs?: number | undefined;
  /** Time allowed between two pieces of the response body, in milliseconds (default 300 000). */
  bodyTimeoutMs?: number | undefined;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the HTTP request (and the stream being read). */
  signal?: AbortSignal | undefined;
}

/** A response whose status was 2xx. */
export interface OkResponse {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Record<string, string | string[] | undefined>;
  /** The body, read as it arrives. */
  body: AsyncIterable<Buffer> & { text(): Promise<string>; json(): Promise<unknown> };
}

interface RequestInit {
  method?: "GET" | "POST";
  json?: unknown;
  body?: Buffer;
  contentType?: string;
  accept?: string;
}

const ERROR_BODY_LIMIT = 64 * 1024;

/** Sends requests to one server and turns every failure into one of Dify's invoke errors (`InvokeError`). */
export class HttpCore {
  readonly #connection: OpenAICompatibleConnection;
  readonly #base: string;

  constructor(connection: OpenAICompatibleConnection) {
    let base: URL;
    try {
      base = new URL(connection.baseUrl);
    } catch {
      throw new InvokeBadRequestError(`baseUrl is not a URL: ${JSON.stringify(connection.baseUrl)}`);
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new InvokeBadRequestError(`baseUrl must be http(s), got ${base.protocol}`);
    }
    this.#connection = connection;
    this.#base = connection.baseUrl.replace(/\/+$/, "");
  }

  /** The secret masked in every text this client produces (`***`). */
  mask(text: string): string {
    const key = this.#connection.apiKey;
    return key && key.length >= 4 ? text.split(key).join("***") : text;
  }

  /** Sends one request; resolves with a 2xx response, or throws the error kind of the status or failure. */
  async send(path: string, init: RequestInit, options: CallOptions = {}): Promise<OkResponse> {
    const { request } = await loadUndici();
    const headers: Record<string, string> = {
      accept: init.accept ?? "application/json",
      ...this.#connection.headers,
    };
    if (this.#connection.apiKey) headers.authorization = `Bearer ${this.#connection.apiKey}`;
    let body: string | Buffer | undefined;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers["content-type"] = "application/json";
    } else if (init.body) {
      body = init.body;
      headers["content-type"] = init.contentType ?? "application/octet-stream";
    }
    const url = `${this.#base}${path}`;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: init.method ?? "POST",
        headers,
        body,
        signal: options.signal,
        dispatcher: this.#connection.dispatcher,
        headersTimeout: this.#connection.headersTimeoutMs ?? 300_000,
        bodyTimeout: this.#connection.bodyTimeoutMs ?? 300_000,
      });
    } catch (error) {
      throw this.networkError(error, `${init.method ?? "POST"} ${path}`);
    }
    if (response.statusCode >= 200 && response.statusCode < 300) {
      const readable = response.body;
      return {
        status: response.statusCode,
        headers: response.headers,
        body: {
          [Symbol.asyncIterator]: () => this.#guard(readable, path),
          text: () =>
            readable.text().catch((error: unknown) => Promise.reject(this.networkError(error, path))),
          json: () => readable.json().catch((error: unknown) => Promise.reject(this.bodyError(error, path))),
        },
      };
    }
    throw await this.#statusError(response, path);
  }

  /** An error of a failure below HTTP (refused, reset, timeout, mid-body disconnect): `connection`. */
  networkError(error: unknown, what: string): Error {
    if (InvokeError.isInstance(error)) return error;
    if (isAbort(error)) return error as Error;
    const code = errorCode(error);
    const detail = code ? `${code}: ${messageOf(error)}` : messageOf(error);
    return new InvokeConnectionError(this.mask(`${what} to ${this.#origin()} failed (${detail})`), {
      cause: error,
    });
  }

  /** An error of an answer that is not the JSON it should be: `server_unavailable`. */
  bodyError(error: unknown, what: string): Error {
    if (InvokeError.isInstance(error) || isAbort(error)) return error as Error;
    if (error instanceof SyntaxError) {
      return new InvokeServerUnavailableError(`${what}: the server answered with invalid JSON`);
    }
    return this.networkError(error, what);
  }

  async *#guard(readable: AsyncIterable<Buffer>, path: string): AsyncGenerator<Buffer> {
    try {
      for await (const piece of readable) yield piece;
    } catch (error) {
      throw this.networkError(error, `reading the answer of ${path}`);
    }
  }

  async #statusError(response: Dispatcher.ResponseData, path: string): Promise<InvokeError> {
    let text = "";
    try {
      for await (const piece of response.body) {
        text += (piece as Buffer).toString("utf8");
        if (text.length > ERROR_BODY_LIMIT) break;
      }
    } catch {
      // The status alone says enough.
    } finally {
      response.body.destroy();
    }
    const status = response.statusCode;
    const { message, code } = serverError(text);
    const retryAfter = retryAfterMs(response.headers["retry-after"]);
    const said = message ? `: ${message.slice(0, 2000)}` : "";
    const codeText = code ? ` (${code})` : "";
    const wait = retryAfter === undefined ? "" : ` (retry after ${Math.ceil(retryAfter / 1000)} s)`;
    return invokeErrorForStatus(
      status,
      this.mask(`${path} answered HTTP ${status}${codeText}${said}${wait}`),
    );
  }

  #origin(): string {
    try {
      return new URL(this.#base).origin;
    } catch {
      return "the server";
    }
  }
}

/** The server's error text and code: OpenAI's `{error: {message, code, type}}`, `{message}`, `{detail}` or text. */
export function serverError(text: string): { message: string; code: string | undefined } {
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const inner =
      typeof parsed.error === "object" && parsed.error !== null
        ? (parsed.error as Record<string, unknown>)
        : parsed;
    const message = [inner.message, inner.detail, parsed.detail, parsed.error].find(
      (value) => typeof value === "string",
    );
    const code = [inner.code, inner.type].find((value) => typeof value === "string");
    return { message: (message as string | undefined) ?? text.trim(), code: code as string | undefined };
  } catch {
    return { message: text.trim(), code: undefined };
  }
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || errorCode(error) === "ABORT_ERR");
}

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === "string") return own;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === "string" ? cause : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
