import type { InvocationStream } from "@x/core";
import { BlobAssembler, DecodedStream, parseToolInvokeMessage } from "@x/core/internal";
import type { BlobChunkMessage, KnownToolInvokeMessage, ToolInvokeMessage } from "@x/protocol";
import { ToolResultConsumedError } from "../errors/tool-result-consumed-error.js";

/** A message of a tool's answer as the caller sees it: chunked blobs arrive reassembled, so never `blob_chunk`. */
export type ToolResultMessage = Exclude<ToolInvokeMessage, BlobChunkMessage>;

/** A blob from a tool's answer. */
export interface ToolResultBlob {
  /** The blob's bytes. */
  bytes: Uint8Array;
  /** Its `meta` (typically `mime_type`, `filename`), or null. */
  meta: Record<string, unknown> | null;
}

/** Options of a {@link ToolInvocationResult}. */
export interface ToolInvocationResultOptions {
  /** Largest reassembled blob in bytes (default 64 MiB); past it the stream fails with `BlobTooLargeError`. */
  maxBlobSize?: number;
}

type JsonMessageOf = Extract<KnownToolInvokeMessage, { type: "json" }>;

/**
 * The answer of a reverse tool call: an `AsyncIterable` of typed tool messages, with `blob_chunk`s reassembled
 * into `blob`s and unknown types passed through as `{ type: "unknown", raw }`. Read it by iterating, or with the
 * helpers (`text()`, `json()`, `blobs()`, `variables()`, `toArray()`), which share one buffered read of the
 * whole answer (so they cannot follow a partial loop: that throws `ToolResultConsumedError`).
 *
 * A malformed message fails the read with `ProtocolError`; blob problems with `BlobTooLargeError`,
 * `BlobIncompleteError`, `BlobLengthMismatchError` or `BlobChunkError`; daemon errors, timeouts and aborts
 * with the errors of `session.invoke`.
 */
export class ToolInvocationResult extends DecodedStream<ToolResultMessage> {
  private readonly assembler: BlobAssembler;
  private cached: Promise<ToolResultMessage[]> | undefined;

  /** @internal Created by `ToolClient`. */
  constructor(stream: InvocationStream<unknown>, options: ToolInvocationResultOptions = {}) {
    super(stream);
    this.assembler = new BlobAssembler(
      options.maxBlobSize === undefined ? {} : { maxBlobSize: options.maxBlobSize },
    );
  }

  /** Every message, in order (reads the whole answer once and caches it). */
  override toArray(): Promise<ToolResultMessage[]> {
    if (this.cached) return this.cached;
    if (this.started) return Promise.reject(new ToolResultConsumedError());
    this.cached = super.toArray();
    return this.cached;
  }

  /** The `text` of every `text` message, joined with `separator` (default: nothing). */
  async text(separator = ""): Promise<string> {
    const messages = await this.toArray();
    return messages.flatMap((m) => (m.type === "text" ? [m.message.text] : [])).join(separator);
  }

  /** The last `json` message's `json_object`, or undefined when there was none. */
  async json<T = JsonMessageOf["message"]["json_object"]>(): Promise<T | undefined> {
    const messages = await this.toArray();
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.type === "json") return m.message.json_object as T;
    }
    return undefined;
  }

  /** Every blob (whole or reassembled from chunks) with its meta. */
  async blobs(): Promise<ToolResultBlob[]> {
    const messages = await this.toArray();
    return messages.flatMap((m) => (m.type === "blob" ? [{ bytes: m.message.blob, meta: m.meta }] : []));
  }

  /**
   * Output variables by name: a plain `variable` message sets the value, a `stream: true` one appends its
   * string to what is there (as Dify does).
   */
  async variables(): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (const m of await this.toArray()) {
      if (m.type !== "variable") continue;
      const { variable_name: name, variable_value: value, stream } = m.message;
      if (stream) {
        const previous = out.get(name);
        out.set(name, `${typeof previous === "string" ? previous : ""}${String(value)}`);
      } else {
        out.set(name, value);
      }
    }
    return out;
  }

  /** The cursor: a second loop after the helpers replays their cached messages. */
  override [Symbol.asyncIterator](): AsyncGenerator<ToolResultMessage, void, undefined> {
    if (this.cached) return replay(this.cached);
    return super[Symbol.asyncIterator]();
  }

  protected decode(item: unknown): ToolResultMessage | undefined {
    const message = parseToolInvokeMessage(item);
    if (message.type !== "blob_chunk") return message;
    return this.assembler.push(message);
  }

  protected override end(): void {
    this.assembler.finish();
  }
}

async function* replay(
  buffered: Promise<ToolResultMessage[]>,
): AsyncGenerator<ToolResultMessage, void, undefined> {
  yield* await buffered;
}
