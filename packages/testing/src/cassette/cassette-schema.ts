import { lazySchema } from "@x/protocol";
import { z } from "zod";

/** The `cassette` value of every header line: says what the file is. */
export const CASSETTE_KIND = "dify-reverse-calls" as const;

/** The cassette format version this package writes and reads. A newer file is refused with what to do. */
export const CASSETTE_VERSION = 1;

/** The text masked values are replaced with (the same marker `@x/core`'s logger uses). */
export const REDACTED = "[redacted]";

/**
 * Bytes stored compactly: the bytes once, as base64 (`$blob`), with how the wire carried them (`wire`: `base64`
 * for tool `blob` / `blob_chunk` messages, `hex` for `tts` results and `speech2text` files, §4.4, §6.2) and their
 * length for people reading the file. Replay turns it back into the exact wire string.
 */
export const CassetteBlobSchema = lazySchema(() =>
  z.strictObject({
    $blob: z.base64(),
    wire: z.enum(["base64", "hex"]),
    bytes: z.number().int().nonnegative(),
  }),
);

/** A compact blob (see {@link CassetteBlobSchema}). */
export type CassetteBlob = z.infer<typeof CassetteBlobSchema>;

/**
 * A tool blob the daemon streamed as `blob_chunk` messages (§6.3), stored once: replay sends it again as
 * `chunk_size`-byte chunks, `sequence` 0.., then the `end: true` terminator with an empty `blob`, each with `meta`.
 */
export const CassetteBlobChunksSchema = lazySchema(() =>
  z.strictObject({
    id: z.string(),
    total_length: z.number().int().nonnegative(),
    chunk_size: z.number().int().positive(),
    meta: z.unknown(),
    blob: CassetteBlobSchema,
  }),
);

/** One stored run of `blob_chunk` messages (see {@link CassetteBlobChunksSchema}). */
export type CassetteBlobChunks = z.infer<typeof CassetteBlobChunksSchema>;

/**
 * One part of the daemon's answer to a reverse call, in the order the daemon sent it (§2.5): a `response` event
 * with `message: "stream"` or `"struct"` and its `data`, an `error` event with its text, or a run of blob chunks.
 * The closing `end` is not stored: it always follows, unless the entry says `end: false`.
 */
export const CassetteReplyItemSchema = lazySchema(() =>
  z.union([
    z.strictObject({ stream: z.unknown() }),
    z.strictObject({ struct: z.unknown() }),
    z.strictObject({ error: z.string() }),
    z.strictObject({ blob_chunks: CassetteBlobChunksSchema }),
  ]),
);

/** One part of a recorded answer (see {@link CassetteReplyItemSchema}). */
export type CassetteReplyItem = z.infer<typeof CassetteReplyItemSchema>;

/** The first line of a cassette: what it is, which version, where and when it was recorded. */
export const CassetteHeaderSchema = lazySchema(() =>
  z.looseObject({
    cassette: z.literal(CASSETTE_KIND),
    version: z.number().int().positive(),
    /** ISO 8601 time the recording started. */
    recorded_at: z.string().nullish(),
    /** What wrote it: `x-plugin dev`, `@x/testing harness`, or a person. */
    recorded_by: z.string().nullish(),
    /** The plugin that made the calls, `author/name:version`, when known. */
    plugin: z.string().nullish(),
  }),
);

/** A cassette's header line. */
export type CassetteHeader = z.infer<typeof CassetteHeaderSchema>;

/**
 * One reverse call and the daemon's complete answer: the plugin's `invoke` (its `type` and `request` as the plugin
 * sent them, before the daemon injects `tenant_id` / `user_id`, §4.2) and every `backwards_response` event up to
 * `end`. `call` numbers calls from 1 in the order the plugin made them; `session` numbers the sessions they
 * belong to from 1. `end: false` means the recording stopped before the daemon ended the call.
 */
export const CassetteEntrySchema = lazySchema(() =>
  z.looseObject({
    call: z.number().int().positive(),
    session: z.number().int().positive(),
    type: z.string().min(1),
    request: z.record(z.string(), z.unknown()),
    reply: z.array(CassetteReplyItemSchema),
    end: z.boolean().default(true),
  }),
);

/** One recorded reverse call (the parsed form: `end` always present). */
export type CassetteEntry = z.infer<typeof CassetteEntrySchema>;

/** What a hand-written entry needs: `end` may be left out (it defaults to true). */
export type CassetteEntryInput = z.input<typeof CassetteEntrySchema>;

/** A whole cassette: the header and the entries in call order. */
export const CassetteSchema = lazySchema(() =>
  z.strictObject({
    header: CassetteHeaderSchema,
    entries: z.array(CassetteEntrySchema),
  }),
);

/** A parsed cassette. */
export type Cassette = z.infer<typeof CassetteSchema>;

/** A cassette as written by hand: entries may leave out `end`. */
export type CassetteInput = z.input<typeof CassetteSchema>;
