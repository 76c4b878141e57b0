import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

const NonBlank = lazySchema(() => z.string().refine((value) => value.trim().length > 0, "must not be empty"));

/** A text part of a prompt message. */
export const TextContentSchema = lazySchema(() =>
  z.object({
    type: z.literal("text"),
    data: z.string(),
    opaque_body: z.unknown().optional(),
  }),
);

// Typed loosely because the generic object's output type is not resolvable here.
function hasData(part: unknown): boolean {
  const { url, base64_data } = part as { url?: string; base64_data?: string };
  return Boolean(url) || Boolean(base64_data);
}

const multimodal = <T extends "image" | "document" | "audio" | "video", E extends z.ZodRawShape>(
  type: T,
  extra: E,
) =>
  z
    .object({
      ...extra,
      type: z.literal(type),
      /** MIME type of the file, e.g. `image/png`. */
      mime_type: NonBlank,
      /** File format, e.g. `png`; defaults to the MIME subtype. */
      format: z.string().optional(),
      /** Public or signed URL of the file (or give `base64_data`). */
      url: z.string().optional(),
      /** Base64 content of the file (or give `url`). */
      base64_data: z.string().optional(),
      filename: z.string().optional(),
      opaque_body: z.unknown().optional(),
    })
    .refine(hasData, { message: "needs a `url` or `base64_data`" });

/** An image part; `detail` is a vision-model hint (`low` by default). */
export const ImageContentSchema = lazySchema(() =>
  multimodal("image", { detail: z.enum(["low", "high"]).optional() }),
);
/** A document (PDF, ...) part. */
export const DocumentContentSchema = lazySchema(() => multimodal("document", {}));
/** An audio part. */
export const AudioContentSchema = lazySchema(() => multimodal("audio", {}));
/** A video part. */
export const VideoContentSchema = lazySchema(() => multimodal("video", {}));

/** One content part of a prompt message; `type` ∈ text, image, document, audio, video (the daemon's set). */
export const PromptContentSchema = lazySchema(() =>
  z.union([
    TextContentSchema,
    ImageContentSchema,
    DocumentContentSchema,
    AudioContentSchema,
    VideoContentSchema,
  ]),
);
/** One content part of a prompt message. */
export type PromptContent = z.input<typeof PromptContentSchema>;

const Content = lazySchema(() => z.union([z.string(), z.array(PromptContentSchema)]));

/** A tool call made by the assistant; `arguments` is the JSON text of the call's arguments. */
export const ToolCallSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    type: z.string().default("function"),
    function: z.object({
      name: z.string(),
      arguments: z
        .union([z.string(), z.record(z.string(), z.unknown())])
        .transform((value) => (typeof value === "string" ? value : JSON.stringify(value))),
    }),
  }),
);
/** A tool call made by the assistant. */
export type ToolCall = z.output<typeof ToolCallSchema>;

/** System instructions. */
export const SystemMessageSchema = lazySchema(() =>
  z.object({
    role: z.literal("system"),
    content: Content,
    name: z.string().optional(),
  }),
);
/** A user turn: text, or parts mixing text with images and files. */
export const UserMessageSchema = lazySchema(() =>
  z.object({
    role: z.literal("user"),
    content: Content,
    name: z.string().optional(),
  }),
);
/** An assistant turn, possibly with tool calls (then `content` may be empty or null). */
export const AssistantMessageSchema = lazySchema(() =>
  z.object({
    role: z.literal("assistant"),
    content: Content.nullable().default(""),
    name: z.string().optional(),
    tool_calls: z.array(ToolCallSchema).default([]),
    opaque_body: z.unknown().optional(),
  }),
);
/** A tool's answer to the assistant's call `tool_call_id`. */
export const ToolMessageSchema = lazySchema(() =>
  z.object({
    role: z.literal("tool"),
    content: Content,
    name: z.string().optional(),
    tool_call_id: NonBlank,
  }),
);

/**
 * A prompt message as the daemon validates it (§2.3): `role` ∈ system, user, assistant, tool; `content` a string
 * or an array of parts whose `type` ∈ text, image, document, audio, video.
 */
export const PromptMessageSchema = lazySchema(() =>
  z.discriminatedUnion("role", [
    SystemMessageSchema,
    UserMessageSchema,
    AssistantMessageSchema,
    ToolMessageSchema,
  ]),
);
/** A prompt message, as you write it. */
export type PromptMessage = z.input<typeof PromptMessageSchema>;

/** A tool the model may call: `parameters` is a JSON schema. */
export const PromptToolSchema = lazySchema(() =>
  z.object({
    name: NonBlank,
    description: z.string().default(""),
    parameters: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
  }),
);
/** A tool the model may call. */
export type PromptTool = z.input<typeof PromptToolSchema>;

/** How the model should pick tools; `mode: "tool"` requires the tool's `name`. */
export const ToolChoiceSchema = lazySchema(() =>
  z
    .object({ mode: z.enum(["auto", "none", "required", "tool"]), name: z.string().optional() })
    .refine((choice) => choice.mode !== "tool" || (choice.name ?? "").trim().length > 0, {
      message: 'mode "tool" needs the tool `name`',
      path: ["name"],
    }),
);
/** How the model should pick tools. */
export type ToolChoice = z.input<typeof ToolChoiceSchema>;

type ParsedContent = string | Array<z.output<typeof PromptContentSchema>> | null;

/**
 * Serialises a validated message to the wire shape the Python SDK sends (`PromptMessage.model_dump()`): every
 * field present, `name` null when unset, multimodal parts with `format`, `url`, `base64_data`, `filename`.
 */
export function toWireMessage(message: z.output<typeof PromptMessageSchema>): Record<string, unknown> {
  const base = { role: message.role, content: toWireContent(message.content), name: message.name ?? null };
  switch (message.role) {
    case "assistant":
      return { ...base, tool_calls: message.tool_calls, opaque_body: message.opaque_body ?? null };
    case "tool":
      return { ...base, tool_call_id: message.tool_call_id };
    default:
      return base;
  }
}

function toWireContent(content: ParsedContent): unknown {
  if (content === null || typeof content === "string") return content;
  return content.map((part) => {
    if (part.type === "text") return { type: "text", data: part.data, opaque_body: part.opaque_body ?? null };
    const wire: Record<string, unknown> = {
      type: part.type,
      format: part.format ?? part.mime_type.split("/")[1]?.split(";")[0] ?? "",
      base64_data: part.base64_data ?? "",
      url: part.url ?? "",
      mime_type: part.mime_type,
      filename: part.filename ?? "",
      opaque_body: part.opaque_body ?? null,
    };
    if (part.type === "image") wire.detail = part.detail ?? "low";
    return wire;
  });
}
