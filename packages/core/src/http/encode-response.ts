import type { EndpointReplyItem } from "@x/protocol";
import { DEFAULT_MAX_OUTBOUND_LINE } from "../codec/limits.js";
import { ValidationError } from "../errors/validation-error.js";

// How a Fetch `Response` becomes the reply of `invoke_endpoint` (§2.4.2; the daemon's reader is `InvokeEndpoint`,
// `internal/core/io_tunnel/endpoint_service.go`, and the writer `Endpoint`, `internal/service/endpoint.go`):
// - The first item carries `status`, `headers` and `result` (the first body bytes as hex, possibly `""`). The
//   daemon answers the HTTP caller only once an item with `result` arrives, so the head never waits for a slow
//   body: when the first body chunk is not ready at once, the head goes out with `result: ""` and the daemon
//   flushes status and headers to the caller.
// - Every later item is `{ result }`: the daemon dereferences `result` on every item after the first one.
// - Each chunk the body stream produces is sent as it arrives (split when longer than `maxChunkBytes`), and the
//   next one is read only after the consumer took the previous item: backpressure reaches the body's producer.

/**
 * Default largest body slice per reply item: 32 KiB (64 KiB as hex), far under the daemon's 5 MiB line limit
 * (`PLUGIN_RUNTIME_MAX_BUFFER_SIZE`). Measured (`pnpm --filter @x/endpoint bench`): hex, JSON encoding and decoding
 * of 32 KiB slices move a body about twice as fast as 64 KiB or larger ones, whose strings V8 handles slower.
 */
export const ENDPOINT_BODY_CHUNK_BYTES = 32 * 1024;

/** Largest `maxChunkBytes` allowed: its hex and the frame around it must stay under the 5 MiB line limit. */
export const MAX_ENDPOINT_BODY_CHUNK_BYTES = Math.floor((DEFAULT_MAX_OUTBOUND_LINE - 64 * 1024) / 2);

/**
 * Hop-by-hop headers (RFC 9110, section 7.6.1) describe the plugin's own framing, not the daemon's answer; Go's server
 * frames the body itself, so they are not forwarded.
 */
export const HOP_BY_HOP_HEADERS = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
] as const;

const HOP_BY_HOP: ReadonlySet<string> = new Set(HOP_BY_HOP_HEADERS);

/** Options of {@link endpointReplyItems}. */
export interface EndpointReplyOptions {
  /** Largest body slice per item in bytes (default {@link ENDPOINT_BODY_CHUNK_BYTES}). */
  maxChunkBytes?: number;
  /** The request's method: for `HEAD` no body bytes are sent (Go's server would drop them). */
  method?: string;
  /** Told about what the daemon cannot carry (a second `Set-Cookie`, `Response.error()`). */
  onWarning?: (message: string) => void;
}

/**
 * The reply items of `invoke_endpoint` for `response`, produced lazily: iterate it and send each item as one
 * `stream` message, awaiting each write, and a streamed body (`text/event-stream`, a large download) is relayed
 * chunk by chunk without being held in memory. Stopping early (`return()`) cancels the body stream.
 */
export async function* endpointReplyItems(
  response: Response,
  options: EndpointReplyOptions = {},
): AsyncGenerator<EndpointReplyItem, void, undefined> {
  const limit = checkedChunkBytes(options.maxChunkBytes);
  const warn = options.onWarning ?? (() => {});
  const status = replyStatus(response, warn);
  const headers = replyHeaders(response.headers, warn);
  const body = response.body;
  const skipBody = options.method?.toUpperCase() === "HEAD";
  if (body === null || skipBody) {
    if (body !== null) await body.cancel().catch(() => {});
    yield { status, headers, result: "" };
    return;
  }
  const reader = body.getReader();
  let done = false;
  try {
    const first = reader.read();
    const ready: Awaited<typeof first> | typeof NOT_YET = await Promise.race([first, nextTurn()]);
    let chunk: Awaited<typeof first>;
    if (ready === NOT_YET) {
      // The body is still being produced: let the caller see status and headers now.
      yield { status, headers, result: "" };
      chunk = await first;
    } else {
      chunk = ready;
    }
    let head = ready !== NOT_YET;
    while (!chunk.done) {
      const bytes = toBytes(chunk.value);
      for (let offset = 0; offset < bytes.byteLength || head; offset += limit) {
        const result = hex(bytes.subarray(offset, offset + limit));
        if (head) {
          head = false;
          yield { status, headers, result };
        } else if (result.length > 0) {
          yield { result };
        }
      }
      chunk = await reader.read();
    }
    done = true;
    if (head) yield { status, headers, result: "" };
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

const NOT_YET = Symbol("not yet");

function nextTurn(): Promise<typeof NOT_YET> {
  return new Promise((resolve) => setImmediate(resolve, NOT_YET));
}

function checkedChunkBytes(value: number | undefined): number {
  if (value === undefined) return ENDPOINT_BODY_CHUNK_BYTES;
  if (!Number.isInteger(value) || value < 1 || value > MAX_ENDPOINT_BODY_CHUNK_BYTES) {
    throw new ValidationError(`must be an integer from 1 to ${MAX_ENDPOINT_BODY_CHUNK_BYTES}, got ${value}`, {
      field: "maxChunkBytes",
    });
  }
  return value;
}

function replyStatus(response: Response, warn: (message: string) => void): number {
  if (response.type === "error" || response.status === 0) {
    warn("the endpoint answered Response.error(): the daemon answers 500");
    return 500;
  }
  return response.status;
}

/** The headers of the head item: hop-by-hop ones dropped, one value per name (the daemon keeps one). */
export function replyHeaders(
  headers: Headers,
  warn: (message: string) => void = () => {},
): Record<string, string> {
  const out: Record<string, string> = {};
  let cookies = 0;
  for (const [name, value] of headers) {
    if (HOP_BY_HOP.has(name)) continue;
    if (name === "set-cookie") {
      cookies++;
      if (cookies > 1) continue;
    }
    out[name] = value;
  }
  if (cookies > 1) {
    warn(
      `the response sets ${cookies} cookies; the daemon forwards only the first Set-Cookie header ` +
        "(internal/service/endpoint.go keeps one value per header name)",
    );
  }
  return out;
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new ValidationError(
    `a response body stream produced ${value === null ? "null" : typeof value}; it must produce Uint8Array chunks`,
  );
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}
