import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

// Receiving is tolerant: unknown keys are dropped, absent `meta` reads as null, and a `type` this SDK does not
// know is passed through as an `unknown` message rather than thrown (Dify may add types before we do).

/** `schema`, with an absent value (missing or null) read as `null`. */
function orNull<S extends z.ZodType>(schema: S) {
  return schema.nullish().transform((value) => value ?? null);
}

const MetaSchema = lazySchema(() => orNull(z.record(z.string(), z.unknown())));

/** One `{ type, message, meta }` item whose `type` is `type` and whose `message` matches `message`. */
function messageSchema<T extends string, P extends z.ZodType>(type: T, message: P) {
  return z.object({ type: z.literal(type), message, meta: MetaSchema });
}

const TextPayloadSchema = lazySchema(() => z.object({ text: z.string() }));
const AnyPayloadSchema = lazySchema(() =>
  z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((value) => value ?? {}),
);

/** Decodes base64 into bytes; like the Python SDK, invalid characters are skipped rather than fatal. */
const Base64BytesSchema = lazySchema(() =>
  z.string().transform((value): Uint8Array => Buffer.from(value, "base64")),
);

/** `text`: plain text. */
export const TextMessageSchema = lazySchema(() => messageSchema("text", TextPayloadSchema));
/** `json`: a JSON object (or array) in `json_object`. */
export const JsonMessageSchema = lazySchema(() =>
  messageSchema(
    "json",
    z.object({ json_object: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]) }),
  ),
);
/** `link`: a URL in `text`. */
export const LinkMessageSchema = lazySchema(() => messageSchema("link", TextPayloadSchema));
/** `image`: an image URL in `text`. */
export const ImageMessageSchema = lazySchema(() => messageSchema("image", TextPayloadSchema));
/** `image_link`: an image URL in `text`. */
export const ImageLinkMessageSchema = lazySchema(() => messageSchema("image_link", TextPayloadSchema));
/** `binary_link`: accepted by the daemon, undefined by the Python SDK; its payload is kept as an object. */
export const BinaryLinkMessageSchema = lazySchema(() => messageSchema("binary_link", AnyPayloadSchema));
/** `file`: a Dify file reference; the payload is free-form (the file usually rides in `meta`). */
export const FileMessageSchema = lazySchema(() => messageSchema("file", AnyPayloadSchema));
/** `blob`: binary data, base64 on the wire, bytes once parsed. */
export const BlobMessageSchema = lazySchema(() =>
  messageSchema("blob", z.object({ blob: Base64BytesSchema })),
);
/** `blob_chunk`: one piece of a chunked blob (§6.3). `blob` stays base64; `@x/core`'s blob assembler decodes it. */
export const BlobChunkMessageSchema = lazySchema(() =>
  messageSchema(
    "blob_chunk",
    z.object({
      id: z.string(),
      sequence: z.number().int().nonnegative(),
      total_length: z.number().int().nonnegative(),
      blob: z.string(),
      end: z.boolean(),
    }),
  ),
);
/** `variable`: sets a workflow output variable; with `stream: true` the string value is appended. */
export const VariableMessageSchema = lazySchema(() =>
  messageSchema(
    "variable",
    z.object({
      variable_name: z.string(),
      variable_value: z.unknown(),
      stream: z.boolean().default(false),
    }),
  ),
);
/** Status of a `log` message. */
export const LogStatusSchema = lazySchema(() => z.enum(["start", "error", "success"]));
/** `log`: an agent/tool execution log entry; `finish` re-sends the same `id` with a new status. */
export const LogMessageSchema = lazySchema(() =>
  messageSchema(
    "log",
    z.object({
      id: z.string(),
      label: z.string(),
      parent_id: orNull(z.string()),
      error: orNull(z.string()),
      status: LogStatusSchema,
      data: z.record(z.string(), z.unknown()),
      metadata: orNull(z.record(z.string(), z.unknown())),
    }),
  ),
);
/** One retrieved document segment of a `retriever_resources` message; every field is optional. */
export const RetrieverResourceSchema = lazySchema(() =>
  z.looseObject({
    position: z.number().nullish(),
    dataset_id: z.string().nullish(),
    dataset_name: z.string().nullish(),
    document_id: z.string().nullish(),
    document_name: z.string().nullish(),
    data_source_type: z.string().nullish(),
    segment_id: z.string().nullish(),
    retriever_from: z.string().nullish(),
    score: z.number().nullish(),
    hit_count: z.number().nullish(),
    word_count: z.number().nullish(),
    segment_position: z.number().nullish(),
    index_node_hash: z.string().nullish(),
    content: z.string().nullish(),
    page: z.number().nullish(),
    doc_metadata: z.record(z.string(), z.unknown()).nullish(),
  }),
);
/** `retriever_resources`: citations for the answer plus the retrieved `context`. */
export const RetrieverResourcesMessageSchema = lazySchema(() =>
  messageSchema(
    "retriever_resources",
    z.object({ retriever_resources: z.array(RetrieverResourceSchema), context: z.string() }),
  ),
);

/** Every message type this SDK understands, discriminated on `type`. */
export const KnownToolInvokeMessageSchema = lazySchema(() =>
  z.discriminatedUnion("type", [
    TextMessageSchema,
    JsonMessageSchema,
    LinkMessageSchema,
    ImageMessageSchema,
    ImageLinkMessageSchema,
    BinaryLinkMessageSchema,
    FileMessageSchema,
    BlobMessageSchema,
    BlobChunkMessageSchema,
    VariableMessageSchema,
    LogMessageSchema,
    RetrieverResourcesMessageSchema,
  ]),
);

/** The `type` values this SDK understands. */
export const TOOL_MESSAGE_TYPES = [
  "text",
  "json",
  "link",
  "image",
  "image_link",
  "binary_link",
  "file",
  "blob",
  "blob_chunk",
  "variable",
  "log",
  "retriever_resources",
] as const;

/** A known `ToolInvokeMessage` type. */
export type ToolMessageType = (typeof TOOL_MESSAGE_TYPES)[number];

/** A message whose `type` this SDK does not know, passed through untouched in `raw`. */
export interface UnknownToolInvokeMessage {
  readonly type: "unknown";
  /** The message exactly as received (its own `type` is `raw.type`). */
  readonly raw: { readonly type: string; readonly [key: string]: unknown };
}

/** A parsed `text` message. */
export type TextMessage = z.infer<typeof TextMessageSchema>;
/** A parsed `json` message. */
export type JsonMessage = z.infer<typeof JsonMessageSchema>;
/** A parsed `link` message. */
export type LinkMessage = z.infer<typeof LinkMessageSchema>;
/** A parsed `image` message. */
export type ImageMessage = z.infer<typeof ImageMessageSchema>;
/** A parsed `image_link` message. */
export type ImageLinkMessage = z.infer<typeof ImageLinkMessageSchema>;
/** A parsed `binary_link` message. */
export type BinaryLinkMessage = z.infer<typeof BinaryLinkMessageSchema>;
/** A parsed `file` message. */
export type FileMessage = z.infer<typeof FileMessageSchema>;
/** A parsed `blob` message: `message.blob` holds the bytes. */
export type BlobMessage = z.infer<typeof BlobMessageSchema>;
/** A parsed `blob_chunk` message (`message.blob` still base64). */
export type BlobChunkMessage = z.infer<typeof BlobChunkMessageSchema>;
/** A parsed `variable` message. */
export type VariableMessage = z.infer<typeof VariableMessageSchema>;
/** A parsed `log` message. */
export type LogMessage = z.infer<typeof LogMessageSchema>;
/** Status of a `log` message. */
export type LogStatus = z.infer<typeof LogStatusSchema>;
/** One retrieved segment. */
export type RetrieverResource = z.infer<typeof RetrieverResourceSchema>;
/** A parsed `retriever_resources` message. */
export type RetrieverResourcesMessage = z.infer<typeof RetrieverResourcesMessageSchema>;
/** Any message of a known type, as parsed. */
export type KnownToolInvokeMessage = z.infer<typeof KnownToolInvokeMessageSchema>;
/** A parsed `ToolInvokeMessage`: a known type, or an `unknown` pass-through. */
export type ToolInvokeMessage = KnownToolInvokeMessage | UnknownToolInvokeMessage;
/** A `ToolInvokeMessage` as it travels on the wire (blobs base64-encoded). */
export type ToolInvokeMessageWire = z.input<typeof KnownToolInvokeMessageSchema>;
