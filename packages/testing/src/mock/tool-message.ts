import { chunkBlob } from "@x/core";

/**
 * A tool message as a mock answers it: the wire shape `{type, message, meta}`. For `blob` messages `message.blob`
 * may be bytes or base64; the mock sends blobs the way the plugin would receive them (see {@link MockDifyOptions}).
 */
export interface ToolMessageInput {
  /** `text`, `json`, `link`, `image`, `blob`, `variable`, `log`, ... (§6.2). */
  type: string;
  /** The payload; for `blob`, `{ blob: Uint8Array | base64 string }`. */
  message?: Record<string, unknown> | null;
  /** Free-form metadata (`mime_type`, file name, ...). */
  meta?: Record<string, unknown> | null;
}

/** Shorthands for the common tool messages a mock answers with. */
export const toolMessages = {
  /** `{type: "text", message: {text}}`. */
  text(text: string, meta: Record<string, unknown> | null = null): ToolMessageInput {
    return { type: "text", message: { text }, meta };
  },
  /** `{type: "json", message: {json_object}}`. */
  json(json: object, meta: Record<string, unknown> | null = null): ToolMessageInput {
    return { type: "json", message: { json_object: json }, meta };
  },
  /** `{type: "link", message: {text: url}}`. */
  link(url: string, meta: Record<string, unknown> | null = null): ToolMessageInput {
    return { type: "link", message: { text: url }, meta };
  },
  /** `{type: "blob", message: {blob}}`; bytes or text (UTF-8). */
  blob(blob: Uint8Array | string, meta: Record<string, unknown> | null = null): ToolMessageInput {
    return {
      type: "blob",
      message: { blob: typeof blob === "string" ? new TextEncoder().encode(blob) : blob },
      meta,
    };
  },
  /** `{type: "variable", message: {variable_name, variable_value, stream: false}}`. */
  variable(name: string, value: unknown, meta: Record<string, unknown> | null = null): ToolMessageInput {
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
  if (typeof input !== "object" || input === null || typeof input.type !== "string") {
    throw new TypeError(`a tool message needs a string \`type\`, got ${JSON.stringify(input)}`);
  }
  const meta = input.meta ?? null;
  const message = input.message ?? {};
  if (input.type === "blob") {
    const bytes = blobBytes(message.blob);
    if (chunk) {
      yield* chunkBlob(bytes, meta) as Generator<Record<string, unknown>>;
      return;
    }
    yield { type: "blob", message: { blob: Buffer.from(bytes).toString("base64") }, meta };
    return;
  }
  yield { type: input.type, message, meta };
}

function blobBytes(blob: unknown): Uint8Array {
  if (blob instanceof Uint8Array) return blob;
  if (typeof blob === "string") return Buffer.from(blob, "base64");
  throw new TypeError("a blob message needs `message.blob` as a Uint8Array or a base64 string");
}
