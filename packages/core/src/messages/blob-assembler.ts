import type { BlobChunkMessage, BlobMessage } from "@x/protocol";
import {
  BlobChunkError,
  BlobIncompleteError,
  BlobLengthMismatchError,
  BlobTooLargeError,
} from "./blob-errors.js";

/** Default largest blob {@link BlobAssembler} reassembles: 64 MiB. */
export const DEFAULT_MAX_BLOB_SIZE = 64 * 1024 * 1024;

/** Options of {@link BlobAssembler}. */
export interface BlobAssemblerOptions {
  /** Largest blob in bytes, checked against `total_length` and against the bytes received (default 64 MiB). */
  maxBlobSize?: number;
}

interface PendingBlob {
  readonly id: string;
  readonly totalLength: number;
  readonly buffer: Buffer;
  /** Bytes written into `buffer` (the in-order prefix). */
  written: number;
  /** Next sequence expected in order. */
  next: number;
  /** Chunks that arrived ahead of `next`, decoded. */
  readonly ahead: Map<number, Buffer>;
  aheadBytes: number;
  /** Sequence of the `end` chunk = the number of data chunks, once seen. */
  endSequence: number | undefined;
  endMeta: Record<string, unknown> | null;
}

/**
 * Reassembles `blob_chunk` messages into `blob` messages, per `id`, in `sequence` order (out-of-order chunks are
 * held until the gap fills). The blob is complete when its `end` chunk and every sequence below it have arrived;
 * its length must equal `total_length`. The terminator's own data is ignored, as the daemon does. The `meta` of
 * the result is the `end` chunk's.
 */
export class BlobAssembler {
  private readonly maxBlobSize: number;
  private readonly blobs = new Map<string, PendingBlob>();

  constructor(options: BlobAssemblerOptions = {}) {
    this.maxBlobSize = options.maxBlobSize ?? DEFAULT_MAX_BLOB_SIZE;
  }

  /** Ids of blobs started but not complete. */
  get pending(): readonly string[] {
    return [...this.blobs.keys()];
  }

  /**
   * Adds one chunk. Returns the complete `blob` message when this chunk completes one, otherwise `undefined`.
   * Throws `BlobTooLargeError`, `BlobLengthMismatchError` or `BlobChunkError`; the blob at fault is dropped.
   */
  push(chunk: BlobChunkMessage): BlobMessage | undefined {
    const { id, sequence, total_length: totalLength, end } = chunk.message;
    const blob = this.blobs.get(id) ?? this.start(id, totalLength);
    try {
      if (totalLength !== blob.totalLength) {
        throw new BlobChunkError(
          id,
          sequence,
          `total_length changed from ${blob.totalLength} to ${totalLength}`,
        );
      }
      if (end) {
        if (blob.endSequence !== undefined) throw new BlobChunkError(id, sequence, "second end chunk");
        if (
          sequence < blob.next ||
          blob.ahead.has(sequence) ||
          [...blob.ahead.keys()].some((s) => s > sequence)
        ) {
          throw new BlobChunkError(id, sequence, "end chunk's sequence overlaps data chunks");
        }
        blob.endSequence = sequence;
        blob.endMeta = chunk.meta;
      } else {
        this.accept(blob, sequence, chunk.message.blob);
      }
      return this.completeIfReady(blob);
    } catch (error) {
      this.blobs.delete(id);
      throw error;
    }
  }

  /** Throws `BlobIncompleteError` for the first blob still pending (call when the stream has ended), then clears. */
  finish(): void {
    const first = this.blobs.values().next();
    this.blobs.clear();
    if (first.done) return;
    throw new BlobIncompleteError(first.value.id, missingOf(first.value));
  }

  private start(id: string, totalLength: number): PendingBlob {
    if (totalLength > this.maxBlobSize) throw new BlobTooLargeError(id, totalLength, this.maxBlobSize);
    const blob: PendingBlob = {
      id,
      totalLength,
      buffer: Buffer.allocUnsafe(totalLength),
      written: 0,
      next: 0,
      ahead: new Map(),
      aheadBytes: 0,
      endSequence: undefined,
      endMeta: null,
    };
    this.blobs.set(id, blob);
    return blob;
  }

  private accept(blob: PendingBlob, sequence: number, base64: string): void {
    if (sequence < blob.next || blob.ahead.has(sequence)) {
      throw new BlobChunkError(blob.id, sequence, "duplicate sequence");
    }
    if (blob.endSequence !== undefined && sequence >= blob.endSequence) {
      throw new BlobChunkError(
        blob.id,
        sequence,
        `data chunk after the end chunk (sequence ${blob.endSequence})`,
      );
    }
    const size = Buffer.byteLength(base64, "base64");
    const received = blob.written + blob.aheadBytes + size;
    if (received > this.maxBlobSize) throw new BlobTooLargeError(blob.id, received, this.maxBlobSize);
    if (received > blob.totalLength) throw new BlobLengthMismatchError(blob.id, blob.totalLength, received);
    if (sequence === blob.next) {
      blob.written += blob.buffer.write(base64, blob.written, size, "base64");
      blob.next++;
      this.drainAhead(blob);
    } else {
      blob.ahead.set(sequence, Buffer.from(base64, "base64"));
      blob.aheadBytes += size;
    }
  }

  private drainAhead(blob: PendingBlob): void {
    for (let piece = blob.ahead.get(blob.next); piece !== undefined; piece = blob.ahead.get(blob.next)) {
      blob.ahead.delete(blob.next);
      blob.aheadBytes -= piece.byteLength;
      blob.written += piece.copy(blob.buffer, blob.written);
      blob.next++;
    }
  }

  private completeIfReady(blob: PendingBlob): BlobMessage | undefined {
    if (blob.endSequence === undefined || blob.next < blob.endSequence) return undefined;
    this.blobs.delete(blob.id);
    if (blob.written !== blob.totalLength) {
      throw new BlobLengthMismatchError(blob.id, blob.totalLength, blob.written);
    }
    const bytes = new Uint8Array(blob.buffer.buffer, blob.buffer.byteOffset, blob.written);
    return { type: "blob", message: { blob: bytes }, meta: blob.endMeta };
  }
}

function missingOf(blob: PendingBlob): number[] {
  if (blob.endSequence === undefined) return [];
  const missing: number[] = [];
  for (let s = blob.next; s < blob.endSequence && missing.length < 100; s++) {
    if (!blob.ahead.has(s)) missing.push(s);
  }
  return missing;
}
