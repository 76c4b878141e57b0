import { chunkBlob } from "@x/core/internal";
import type { InvokeReply } from "@x/protocol";

/** A tool message as the daemon sends it in reply to a `tool` call (`InvokeReply<"tool">` of `@x/protocol`, §6.2). */
type WireToolMessage = InvokeReply<"tool">;

/** A `blob` message as a mock answers it: `message.blob` as bytes (or base64 text). */
type BlobMessageInput = Omit<Extract<WireToolMessage, { type: "blob" }>, "message"> & {
  message: { blob: Uint8Array | string };
};

/**
 * A tool message as a mock answers it: the wire shape `{type, message, meta}` of a message type `@x/protocol`
 * knows (`text`, `json`, `link`, `image`, `blob`, `blob_chunk`, `variable`, `log`, ...), except that `blob` may be
 * bytes. The mock sends blobs the way the plugin would receive them (see `MockDifyOptions.chunkBlobs`).
 * A message type outside that set needs `dify.onInvokeRaw("tool", ...)`.
 */
export type ToolMessageInput = Exclude<WireToolMessage, { type: "blob" }> | BlobMessageInput;

type Meta = Record<string, unknown> | null;

/** Shorthands for the common tool messages a mock answers with. */
export const toolMessages = {
  /** `{type: "text", message: {text}}`. */
  text(text: string, meta: Meta = null): Extract<ToolMessageInput, { type: "text" }> {
    return { type: "text", message: { text }, meta };
  },
  /** `{type: "json", message: {json_object}}`. */
  json(json: object, meta: Meta = null): Extract<ToolMessageInput, { type: "json" }> {
    return { type: "json", message: { json_object: json as Record<string, unknown> }, meta };
  },
  /** `{type: "link", message: {text: url}}`. */
  link(url: string, meta: Meta = null): Extract<ToolMessageInput, { type: "link" }> {
    return { type: "link", message: { text: url }, meta };
  },
  /** `{type: "blob", message: {blob}}`; bytes or text (UTF-8). */
  blob(blob: Uint8Array | string, meta: Meta = null): BlobMessageInput {
    return {
      type: "blob",
      message: { blob: typeof blob === "string" ? new TextEncoder().encode(blob) : blob },
      meta,
    };
  },
  /** `{type: "variable", message: {variable_name, variable_value, stream: false}}`. */
  variable(name: string, value: unknown, meta: Meta = null): Extract<ToolMessageInput, { type: "variable" }> {
    return { type: "variable", message: { variable_name: name, variable_value: value, stream: false }, meta };
  },
} as const;

/**
 * Turns one answered message into the wire items the plugin receives: blobs become 8192-byte `blob_chunk`
 * messages plus a terminator when `chunk` is true, or one `blob` message with base64 content otherwise.
 */
export function* toWireToolMessages(
  input: ToolMessageInput,
  chunk: boolean,
): Generator<Record<string, unknown>> {
  // Typed answers can still be wrong at run time (casts, JSON answers files): check what is relied on.
  const loose = input as { type?: unknown; message?: Record<string, unknown> | null; meta?: Meta };
  if (typeof loose !== "object" || loose === null || typeof loose.type !== "string") {
    throw new TypeError(`a tool message needs a string \`type\`, got ${JSON.stringify(input)}`);
  }
  const meta = loose.meta ?? null;
  const message = loose.message ?? {};
  if (loose.type === "blob") {
    const bytes = blobBytes(message.blob);
    if (chunk) {
      yield* chunkBlob(bytes, meta) as Generator<Record<string, unknown>>;
      return;
    }
    yield { type: "blob", message: { blob: Buffer.from(bytes).toString("base64") }, meta };
    return;
  }
  yield { type: loose.type, message, meta };
}

function blobBytes(blob: unknown): Uint8Array {
  if (blob instanceof Uint8Array) return blob;
  if (typeof blob === "string") return Buffer.from(blob, "base64");
  throw new TypeError("a blob message needs `message.blob` as a Uint8Array or a base64 string");
}
