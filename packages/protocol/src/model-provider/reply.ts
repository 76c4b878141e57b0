import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { DecimalSchema } from "../model/usage.js";
import { ModelDeclarationSchema } from "./declaration.js";
import type { ModelAction } from "./request.js";

// What a model plugin answers (§2.3 "Reply"), as strict as the daemon's Go validators
// (`pkg/entities/model_entities/*.go`): `validate:"required"` on a value rejects its zero value, on a pointer only
// `null`. The daemon parses every `stream` item into the reply struct and closes the session with `unmarshal_error`
// when it fails (§2.3), so each schema here says what to fix.

const required = (what: string) => ({ error: `${what} is required` });
const nonEmpty = (what: string) => z.string(required(what)).min(1, `${what} must not be empty`);
const int = (what: string) => z.number(required(what)).int(`${what} must be an integer`);
const decimal = (what: string) =>
  DecimalSchema.optional().refine((v) => v !== undefined, `${what} is required`);

/**
 * Token counts and prices of an LLM call (`LLMUsage`): the counts, `currency` and `latency` are Go pointers with
 * `validate:"required"`, so they must be present and non-null (§2.3, §4.7); prices may be strings or numbers.
 */
export const LLMUsageReplySchema = lazySchema(() =>
  z.object({
    prompt_tokens: int("usage.prompt_tokens"),
    prompt_unit_price: decimal("usage.prompt_unit_price"),
    prompt_price_unit: decimal("usage.prompt_price_unit"),
    prompt_price: decimal("usage.prompt_price"),
    completion_tokens: int("usage.completion_tokens"),
    completion_unit_price: decimal("usage.completion_unit_price"),
    completion_price_unit: decimal("usage.completion_price_unit"),
    completion_price: decimal("usage.completion_price"),
    total_tokens: int("usage.total_tokens"),
    total_price: decimal("usage.total_price"),
    currency: z.string(required("usage.currency")),
    latency: z.number(required("usage.latency")),
  }),
);
/** Usage as sent. */
export type LLMUsageReply = z.output<typeof LLMUsageReplySchema>;

/** A content part of an answer (`PromptMessageContent`): `type` ∈ text, image, audio, video, document. */
export const ReplyContentPartSchema = lazySchema(() =>
  z.looseObject({
    type: z.enum(["text", "image", "audio", "video", "document"], {
      error: "content part type must be text, image, audio, video or document",
    }),
    data: z.string().optional(),
    base64_data: z.string().optional(),
    url: z.string().optional(),
    mime_type: z.string().optional(),
    format: z.string().optional(),
    filename: z.string().optional(),
  }),
);

/**
 * A tool call in an answer (`PromptMessageToolCall`). `arguments` is JSON text; a streamed call may arrive in
 * pieces, continuation pieces with `id: ""` (Dify appends them to the previous call).
 */
export const ReplyToolCallSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    type: z.string().default("function"),
    function: z.object({ name: z.string().default(""), arguments: z.string().default("") }),
  }),
);
/** A tool call as sent. */
export type ReplyToolCall = z.output<typeof ReplyToolCallSchema>;

/** The assistant message of a chunk or result: `role` checked, `content` a string or parts, never `null`. */
export const ReplyMessageSchema = lazySchema(() =>
  z.object({
    role: z.enum(["system", "user", "assistant", "tool"], {
      error: "delta.message.role must be system, user, assistant or tool",
    }),
    content: z.union([z.string(), z.array(ReplyContentPartSchema)], {
      error: "delta.message.content must be a string or an array of content parts (not null)",
    }),
    name: z.string().optional(),
    tool_calls: z.array(ReplyToolCallSchema).optional(),
    tool_call_id: z.string().optional(),
    opaque_body: z.unknown().optional(),
  }),
);

/**
 * One streamed piece of an answer (`LLMResultChunk`, `pkg/entities/model_entities/llm.go`; §4.7): `model`
 * non-empty, `delta.index` an integer (0 is fine), `delta.message` as above, `delta.usage` complete when present.
 */
export const LLMResultChunkReplySchema = lazySchema(() =>
  z.object({
    model: nonEmpty("model"),
    system_fingerprint: z.string().optional(),
    delta: z.object(
      {
        index: int("delta.index"),
        message: ReplyMessageSchema,
        usage: LLMUsageReplySchema.nullish(),
        finish_reason: z.string().nullish(),
      },
      required("delta"),
    ),
    /** Structured-output calls: the parsed answer, usually on the last chunk. */
    structured_output: z.record(z.string(), z.unknown()).nullish(),
    /** Always `[]` (a field kept for older Dify versions; the Python SDK sends it). */
    prompt_messages: z.array(z.unknown()).default([]),
  }),
);
/** One LLM chunk as sent. */
export type LLMResultChunkReply = z.output<typeof LLMResultChunkReplySchema>;

/** A whole answer (`LLMResult` of the Python SDK), the `result` of a succeeded polling job. */
export const LLMResultReplySchema = lazySchema(() =>
  z.object({
    model: nonEmpty("model"),
    message: ReplyMessageSchema,
    usage: LLMUsageReplySchema,
    system_fingerprint: z.string().nullish(),
    structured_output: z.record(z.string(), z.unknown()).nullish(),
    prompt_messages: z.array(z.unknown()).default([]),
  }),
);
/** A whole LLM answer as sent. */
export type LLMResultReply = z.output<typeof LLMResultReplySchema>;

const positiveInt = (what: string) =>
  z.number().int(`${what} must be an integer`).positive(`${what} must be > 0`);

/**
 * The reply of `start_polling` / `check_polling` (`ModelPollingResult`, `pkg/entities/model_entities/polling.go`):
 * `running` needs a non-empty `plugin_state` (sent back on the next `check_polling`), `succeeded` a `result`,
 * `failed` a non-blank `error`.
 */
export const ModelPollingResultSchema = lazySchema(() =>
  z
    .object({
      status: z.enum(["running", "succeeded", "failed"], {
        error: "status must be running, succeeded or failed",
      }),
      plugin_state: z.record(z.string(), z.unknown()).optional(),
      result: LLMResultReplySchema.optional(),
      error: z.string().optional(),
      next_check_after_seconds: positiveInt("next_check_after_seconds").optional(),
      expires_after_seconds: positiveInt("expires_after_seconds").optional(),
      max_attempts: positiveInt("max_attempts").optional(),
    })
    .superRefine((value, ctx) => {
      if (value.status === "running" && Object.keys(value.plugin_state ?? {}).length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["plugin_state"],
          message: "a running job needs a non-empty plugin_state",
        });
      }
      if (value.status === "succeeded" && value.result === undefined) {
        ctx.addIssue({ code: "custom", path: ["result"], message: "a succeeded job needs its result" });
      }
      if (value.status === "failed" && (value.error ?? "").trim() === "") {
        ctx.addIssue({ code: "custom", path: ["error"], message: "a failed job needs a non-blank error" });
      }
    }),
);
/** A polling result as sent. */
export type ModelPollingResult = z.output<typeof ModelPollingResultSchema>;

/** The reply of `get_llm_num_tokens` (`LLMGetNumTokensResponse`). */
export const LLMNumTokensReplySchema = lazySchema(() =>
  z.object({ num_tokens: int("num_tokens").nonnegative() }),
);

/** Usage of an embedding call (`EmbeddingUsage`): counts, `currency` and `latency` required, as for LLM usage. */
export const EmbeddingUsageReplySchema = lazySchema(() =>
  z.object({
    tokens: int("usage.tokens"),
    total_tokens: int("usage.total_tokens"),
    unit_price: decimal("usage.unit_price"),
    price_unit: decimal("usage.price_unit"),
    total_price: decimal("usage.total_price"),
    currency: z.string(required("usage.currency")),
    latency: z.number(required("usage.latency")),
  }),
);
/** Embedding usage as sent. */
export type EmbeddingUsageReply = z.output<typeof EmbeddingUsageReplySchema>;

/** The reply of `invoke_text_embedding` and `invoke_multimodal_embedding` (`TextEmbeddingResult`). */
export const EmbeddingReplySchema = lazySchema(() =>
  z.object({
    model: nonEmpty("model"),
    embeddings: z.array(z.array(z.number()), required("embeddings (one vector of numbers per input)")),
    usage: EmbeddingUsageReplySchema,
  }),
);
/** An embedding reply as sent. */
export type EmbeddingReply = z.output<typeof EmbeddingReplySchema>;

/** The reply of `get_text_embedding_num_tokens` (`GetTextEmbeddingNumTokensResponse`): one count per text. */
export const TextEmbeddingNumTokensReplySchema = lazySchema(() =>
  z.object({
    num_tokens: z.array(int("num_tokens[]"), required("num_tokens (one count per text)")),
  }),
);

/** One ranked document (`RerankDocument`): `index` into the request's `docs`, `text`, `score`, all non-null. */
export const RerankDocumentReplySchema = lazySchema(() =>
  z.object({
    index: int("docs[].index").nonnegative(),
    text: z.string(required("docs[].text")),
    score: z.number(required("docs[].score")),
  }),
);

/** The reply of `invoke_rerank` and `invoke_multimodal_rerank` (`RerankResult`). */
export const RerankReplySchema = lazySchema(() =>
  z.object({
    model: nonEmpty("model"),
    docs: z.array(RerankDocumentReplySchema, required("docs")),
  }),
);
/** A rerank reply as sent. */
export type RerankReply = z.output<typeof RerankReplySchema>;

/** One streamed `invoke_tts` item (`TTSResult`): audio bytes in hex, with `mime_type` when known (§2.4.4). */
export const TTSReplyChunkSchema = lazySchema(() =>
  z.object({
    result: z
      .string(required("result"))
      .regex(/^(?:[0-9a-f]{2})*$/, "result must be lower-case hex of audio bytes"),
    mime_type: z.string().min(1).optional(),
  }),
);
/** A TTS chunk as sent. */
export type TTSReplyChunk = z.output<typeof TTSReplyChunkSchema>;

/** One voice (`TTSModelVoice`): `name` shown to users, `value` sent back as `voice`; both non-empty. */
export const TTSVoiceSchema = lazySchema(() =>
  z.object({
    name: nonEmpty("voices[].name"),
    value: nonEmpty("voices[].value"),
  }),
);
/** A voice. */
export type TTSVoice = z.output<typeof TTSVoiceSchema>;

/** The reply of `get_tts_model_voices` (`GetTTSVoicesResponse`). */
export const TTSVoicesReplySchema = lazySchema(() =>
  z.object({ voices: z.array(TTSVoiceSchema, required("voices")) }),
);

/** The reply of `invoke_speech2text` (`Speech2TextResult`). */
export const Speech2TextReplySchema = lazySchema(() => z.object({ result: z.string(required("result")) }));

/** The reply of `invoke_moderation` (`ModerationResult`): `true` when the text is flagged. */
export const ModerationReplySchema = lazySchema(() => z.object({ result: z.boolean(required("result")) }));

/**
 * The reply of `validate_provider_credentials` / `validate_model_credentials` (`ValidateCredentialsResult`):
 * `result` and the credentials to store (the Python SDK sends back the ones it received).
 */
export const ValidateCredentialsReplySchema = lazySchema(() =>
  z.object({
    result: z.boolean(required("result")),
    credentials: z.record(z.string(), z.unknown(), required("credentials")),
  }),
);
/** A credential-validation reply as sent. */
export type ValidateCredentialsReply = z.output<typeof ValidateCredentialsReplySchema>;

/** The reply of `get_ai_model_schemas` (`GetModelSchemasResponse`): the model's declaration, or `null`. */
export const AIModelSchemasReplySchema = lazySchema(() =>
  z.object({ model_schema: ModelDeclarationSchema.nullable() }),
);

/** The reply schema of each model action (streamed actions: the schema of one item). */
export const MODEL_REPLY_SCHEMAS = {
  invoke_llm: LLMResultChunkReplySchema,
  start_polling: ModelPollingResultSchema,
  check_polling: ModelPollingResultSchema,
  get_llm_num_tokens: LLMNumTokensReplySchema,
  invoke_text_embedding: EmbeddingReplySchema,
  invoke_multimodal_embedding: EmbeddingReplySchema,
  get_text_embedding_num_tokens: TextEmbeddingNumTokensReplySchema,
  invoke_rerank: RerankReplySchema,
  invoke_multimodal_rerank: RerankReplySchema,
  invoke_tts: TTSReplyChunkSchema,
  get_tts_model_voices: TTSVoicesReplySchema,
  invoke_speech2text: Speech2TextReplySchema,
  invoke_moderation: ModerationReplySchema,
  validate_provider_credentials: ValidateCredentialsReplySchema,
  validate_model_credentials: ValidateCredentialsReplySchema,
  get_ai_model_schemas: AIModelSchemasReplySchema,
} as const satisfies Record<ModelAction, z.ZodType>;

/** The daemon's per-session stream buffer of each model action (§2.3 "Buf"): streamed actions have 512. */
export const MODEL_REPLY_BUFFER: Readonly<Record<ModelAction, number>> = {
  invoke_llm: 512,
  start_polling: 1,
  check_polling: 1,
  get_llm_num_tokens: 1,
  invoke_text_embedding: 1,
  invoke_multimodal_embedding: 1,
  get_text_embedding_num_tokens: 1,
  invoke_rerank: 1,
  invoke_multimodal_rerank: 1,
  invoke_tts: 512,
  get_tts_model_voices: 1,
  invoke_speech2text: 1,
  invoke_moderation: 1,
  validate_provider_credentials: 1,
  validate_model_credentials: 1,
  get_ai_model_schemas: 1,
};
