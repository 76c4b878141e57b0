import {
  BlobAssembler,
  type BlobChunkMessage,
  type InvocationStream,
  type KnownToolInvokeMessage,
  parseToolInvokeMessage,
  type ToolInvokeMessage,
} from "@x/core";
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
 * into `blob`s and unknown types passed through as `{ type: "unknown", raw }`. Read it once by iterating, or use
 * the helpers (`text()`, `json()`, `blobs()`, `variables()`, `toArray()`), which share one buffered read.
 *
 * A malformed message fails the read with `ProtocolError`; blob problems with `BlobTooLargeError`,
 * `BlobIncompleteError`, `BlobLengthMismatchError` or `BlobChunkError`; daemon errors, timeouts and aborts
 * with the errors of `session.invoke`.
 */
export class ToolInvocationResult implements AsyncIterable<ToolResultMessage> {
  private readonly stream: InvocationStream<unknown>;
  private readonly maxBlobSize: number | undefined;
  private started = false;
  private buffered: Promise<ToolResultMessage[]> | undefined;

  /** @internal Created by `ToolClient`. */
  constructor(stream: InvocationStream<unknown>, options: ToolInvocationResultOptions = {}) {
    this.stream = stream;
    this.maxBlobSize = options.maxBlobSize;
  }

  /** The `backwards_request_id` of the call. */
  get id(): string {
    return this.stream.id;
  }

  [Symbol.asyncIterator](): AsyncIterator<ToolResultMessage> {
    if (this.buffered) return replay(this.buffered);
    if (this.started) throw new ToolResultConsumedError();
    this.started = true;
    return this.read();
  }

  /** Every message, in order (reads the stream once and caches it). */
  toArray(): Promise<ToolResultMessage[]> {
    if (this.buffered) return this.buffered;
    if (this.started) return Promise.reject(new ToolResultConsumedError());
    this.started = true;
    const iterator = this.read();
    this.buffered = (async () => {
      const out: ToolResultMessage[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) out.push(next.value);
      return out;
    })();
    return this.buffered;
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

  private async *read(): AsyncGenerator<ToolResultMessage, void, undefined> {
    const assembler = new BlobAssembler(
      this.maxBlobSize === undefined ? {} : { maxBlobSize: this.maxBlobSize },
    );
    for await (const item of this.stream) {
      const message = parseToolInvokeMessage(item);
      if (message.type === "blob_chunk") {
        const blob = assembler.push(message);
        if (blob) yield blob;
      } else {
        yield message;
      }
    }
    assembler.finish();
  }
}

async function* replay(buffered: Promise<ToolResultMessage[]>): AsyncGenerator<ToolResultMessage> {
  yield* await buffered;
}
