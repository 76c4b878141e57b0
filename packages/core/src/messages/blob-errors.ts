import { brandError } from "../errors/brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "../errors/dify-plugin-error.js";

/** A chunked blob would exceed the configured maximum size. */
export class BlobTooLargeError extends DifyPluginError {
  /** The `id` of the chunked blob. */
  readonly blobId: string;
  /** Bytes announced (`total_length`) or received so far, whichever tripped the limit. */
  readonly size: number;
  /** The configured limit in bytes. */
  readonly limit: number;

  constructor(blobId: string, size: number, limit: number, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_BLOB_TOO_LARGE",
      `blob ${blobId} is ${size} bytes, over the ${limit}-byte limit (raise maxBlobSize to accept it)`,
      options,
    );
    this.blobId = blobId;
    this.size = size;
    this.limit = limit;
  }
}

brandError(BlobTooLargeError, "BlobTooLargeError");

/** A chunked blob ended (or its stream ended) with chunks missing. */
export class BlobIncompleteError extends DifyPluginError {
  /** The `id` of the chunked blob. */
  readonly blobId: string;
  /** Sequence numbers that never arrived (first 100 at most); empty when the `end` chunk itself is missing. */
  readonly missing: readonly number[];

  constructor(blobId: string, missing: readonly number[], options: DifyPluginErrorOptions = {}) {
    const what =
      missing.length === 0
        ? "its end chunk never arrived"
        : `missing chunk${missing.length === 1 ? "" : "s"} ${missing.join(", ")}`;
    super("DIFY_ERR_BLOB_INCOMPLETE", `blob ${blobId} is incomplete: ${what}`, options);
    this.blobId = blobId;
    this.missing = missing;
  }
}

brandError(BlobIncompleteError, "BlobIncompleteError");

/** The bytes of a chunked blob do not add up to its announced `total_length`. */
export class BlobLengthMismatchError extends DifyPluginError {
  /** The `id` of the chunked blob. */
  readonly blobId: string;
  /** The announced `total_length`. */
  readonly expected: number;
  /** Bytes actually received (at least this many when detected early). */
  readonly actual: number;

  constructor(blobId: string, expected: number, actual: number, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_BLOB_LENGTH_MISMATCH",
      `blob ${blobId} announced total_length ${expected} but carried ${actual} bytes`,
      options,
    );
    this.blobId = blobId;
    this.expected = expected;
    this.actual = actual;
  }
}

brandError(BlobLengthMismatchError, "BlobLengthMismatchError");

/** A chunk contradicts the chunks before it (duplicate sequence, changed `total_length`, data after `end`). */
export class BlobChunkError extends DifyPluginError {
  /** The `id` of the chunked blob. */
  readonly blobId: string;
  /** The offending chunk's sequence number. */
  readonly sequence: number;

  constructor(blobId: string, sequence: number, reason: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_BLOB_CHUNK", `blob ${blobId} chunk ${sequence}: ${reason}`, options);
    this.blobId = blobId;
    this.sequence = sequence;
  }
}

brandError(BlobChunkError, "BlobChunkError");
