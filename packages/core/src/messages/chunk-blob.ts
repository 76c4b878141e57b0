import { randomUUID } from "node:crypto";

/** Raw bytes per `blob_chunk`, as the Python SDK and the daemon's agent path expect (§6.3). */
export const BLOB_CHUNK_SIZE = 8192;

/** Options of {@link chunkBlob}. */
export interface ChunkBlobOptions {
  /** Raw bytes per chunk (default 8192). */
  chunkSize?: number;
  /** The chunk group's id (default: a fresh uuid4 in 32-hex form, like the Python SDK). */
  id?: string;
}

/** A `blob_chunk` message as sent on the wire (key order as the Python SDK's). */
export interface BlobChunkWireMessage {
  type: "blob_chunk";
  message: { id: string; sequence: number; total_length: number; blob: string; end: boolean };
  meta: Record<string, unknown> | null;
}

/**
 * Splits `bytes` into the `blob_chunk` messages of §6.3: one per `chunkSize` bytes (`end: false`), then an empty
 * terminator with `end: true` and `sequence` = number of pieces. Every message carries `meta`. Lazy, so a large
 * blob is never held twice in base64 form.
 */
export function* chunkBlob(
  bytes: Uint8Array,
  meta: Record<string, unknown> | null = null,
  options: ChunkBlobOptions = {},
): Generator<BlobChunkWireMessage, void, undefined> {
  const chunkSize = options.chunkSize ?? BLOB_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
    throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  }
  const id = options.id ?? randomUUID().replaceAll("-", "");
  const total = bytes.byteLength;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sequence = 0;
  for (let offset = 0; offset < total; offset += chunkSize) {
    const blob = view.toString("base64", offset, Math.min(offset + chunkSize, total));
    yield { type: "blob_chunk", message: { id, sequence, total_length: total, blob, end: false }, meta };
    sequence++;
  }
  yield { type: "blob_chunk", message: { id, sequence, total_length: total, blob: "", end: true }, meta };
}
