import { z } from "zod";
import { CredentialsShape, ObjectOrEmptySchema } from "../credentials.js";
import { lazySchema } from "../lazy-schema.js";
import { PromptToolSchema, ToolCallSchema, ToolChoiceSchema } from "../model/prompt-message.js";

// `data` of the 16 model requests the daemon sends a model plugin (§2.3, `pkg/entities/requests/model.go`). The
// daemon flattens each request struct into `data` beside `user_id`, `type` and `action` (§2.2); keys without
// `omitempty` are always present, a nil slice or map as `null`. These schemas read that `data` tolerantly: unknown
// keys are kept, `null` maps and lists are read as empty, `credentials: null` as `{}` (§8 item 16).

/** Access type of model requests (`data.type`, §2.2). */
export const MODEL_ACCESS_TYPE = "model";

/** The model actions (`data.action`, §2.3; `internal/core/io_tunnel/access_types/access.go`). */
export const MODEL_ACTIONS = [
  "invoke_llm",
  "start_polling",
  "check_polling",
  "get_llm_num_tokens",
  "invoke_text_embedding",
  "invoke_multimodal_embedding",
  "get_text_embedding_num_tokens",
  "invoke_rerank",
  "invoke_multimodal_rerank",
  "invoke_tts",
  "get_tts_model_voices",
  "invoke_speech2text",
  "invoke_moderation",
  "validate_provider_credentials",
  "validate_model_credentials",
  "get_ai_model_schemas",
] as const;

/** One model action. */
export type ModelAction = (typeof MODEL_ACTIONS)[number];

/** Model types a provider declares (`ModelType`, `pkg/entities/plugin_entities/model_declaration.go`). */
export const MODEL_TYPES = [
  "llm",
  "text-embedding",
  "rerank",
  "speech2text",
  "moderation",
  "tts",
  "text2img",
  "multimodal-embedding",
  "multimodal-rerank",
] as const;

/** A model type. */
export type ModelType = (typeof MODEL_TYPES)[number];

/** The `model_type` enum with an error that names the allowed values. */
export const ModelTypeSchema = lazySchema(() =>
  z.enum(MODEL_TYPES, {
    error: `model_type must be one of ${MODEL_TYPES.join(", ")}`,
  }),
);

const emptyList = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((value): z.output<T>[] => value ?? []);

/** `provider` and `model` (`BaseRequestInvokeModel`, both Go-required) plus the embedded `Credentials`. */
const TargetShape = lazySchema(() => ({
  provider: z.string({ error: "provider is required" }),
  model: z.string({ error: "model is required" }),
  ...CredentialsShape,
}));

/** A content part of an inbound prompt message (`PromptMessageContent`): only `type` is checked by the daemon. */
export const InboundPromptContentSchema = lazySchema(() =>
  z.looseObject({
    type: z.enum(["text", "image", "audio", "video", "document"]),
    /** Text of a `text` part. */
    data: z.string().nullish(),
    /** Base64 bytes of a multimodal part. */
    base64_data: z.string().nullish(),
    /** URL of a multimodal part. */
    url: z.string().nullish(),
    /** MIME type of a multimodal part. */
    mime_type: z.string().nullish(),
    /** File format (`png`, `mp3`, ...). */
    format: z.string().nullish(),
    /** Vision detail hint of an image (`low` / `high`). */
    detail: z.string().nullish(),
    /** Original file name. */
    filename: z.string().nullish(),
    /** Provider-specific data passed back untouched. */
    opaque_body: z.unknown().optional(),
  }),
);

/** A content part of a prompt message the daemon sent. */
export type InboundPromptContent = z.infer<typeof InboundPromptContentSchema>;

/**
 * A prompt message as the daemon forwards it (`PromptMessage`, `pkg/entities/model_entities/llm.go`): `role` and
 * `content` (a string or parts) checked, `tool_calls` (`null` read as `[]`) on assistant turns, `tool_call_id` on
 * tool turns.
 */
export const InboundPromptMessageSchema = lazySchema(() =>
  z.looseObject({
    role: z.enum(["system", "user", "assistant", "tool"]),
    content: z.union([z.string(), z.array(InboundPromptContentSchema)]).nullish(),
    name: z.string().nullish(),
    tool_calls: emptyList(ToolCallSchema),
    tool_call_id: z.string().nullish(),
    opaque_body: z.unknown().optional(),
  }),
);

/** A prompt message the daemon sent. */
export type InboundPromptMessage = z.infer<typeof InboundPromptMessageSchema>;

const LLMShape = lazySchema(() => ({
  ...TargetShape,
  model_type: z.literal("llm", { error: 'model_type must be "llm"' }),
  /** Model parameters chosen by the user (`temperature`, `max_tokens`, ...); `null` read as `{}`. */
  model_parameters: ObjectOrEmptySchema,
  /** The conversation. */
  prompt_messages: emptyList(InboundPromptMessageSchema),
  /** Tools the model may call (`null` read as `[]`). */
  tools: emptyList(PromptToolSchema),
  /** How the model should pick tools (recent daemons only; §8 item 15). */
  tool_choice: ToolChoiceSchema.nullish(),
  /** Stop sequences (`null` read as `[]`). */
  stop: emptyList(z.string()),
  /** JSON schema the answer must follow (structured output), or `null`. */
  json_schema: z.record(z.string(), z.unknown()).nullish(),
  /** `false` for a blocking answer (still sent as chunks); absent read as `true`. */
  stream: z
    .boolean()
    .nullish()
    .transform((value) => value ?? true),
}));

/** `data` of `model` / `invoke_llm` (`RequestInvokeLLM`). Reply: many `LLMResultChunk`s (§2.3, §4.7). */
export const InvokeLLMRequestSchema = lazySchema(() => z.looseObject(LLMShape));
/** A parsed `invoke_llm` request. */
export type InvokeLLMRequest = z.infer<typeof InvokeLLMRequestSchema>;

/** `data` of `model` / `start_polling` (`RequestStartPolling` = the `invoke_llm` fields). Reply: one polling result. */
export const StartPollingRequestSchema = lazySchema(() => z.looseObject(LLMShape));
/** A parsed `start_polling` request. */
export type StartPollingRequest = z.infer<typeof StartPollingRequestSchema>;

/**
 * `data` of `model` / `check_polling` (`RequestCheckPolling`): `plugin_state` is what the last polling result
 * returned, Go-required with at least one key (`validate:"required,min=1"`).
 */
export const CheckPollingRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("llm", { error: 'model_type must be "llm"' }),
    plugin_state: z
      .record(z.string(), z.unknown(), { error: "plugin_state is required" })
      .refine((state) => Object.keys(state).length > 0, "plugin_state must have at least one key"),
  }),
);
/** A parsed `check_polling` request. */
export type CheckPollingRequest = z.infer<typeof CheckPollingRequestSchema>;

/** `data` of `model` / `get_llm_num_tokens` (`RequestGetLLMNumTokens`): `tools` may be `null` (§2.3). */
export const GetLLMNumTokensRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("llm", { error: 'model_type must be "llm"' }),
    prompt_messages: emptyList(InboundPromptMessageSchema),
    tools: emptyList(PromptToolSchema),
  }),
);
/** A parsed `get_llm_num_tokens` request. */
export type GetLLMNumTokensRequest = z.infer<typeof GetLLMNumTokensRequestSchema>;

/** `document` or `query`: some embedding models embed the two differently. */
export const EmbeddingInputTypeSchema = lazySchema(() => z.enum(["document", "query"]));

/** `data` of `model` / `invoke_text_embedding` (`RequestInvokeTextEmbedding`). Reply: one embedding result. */
export const InvokeTextEmbeddingRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("text-embedding", { error: 'model_type must be "text-embedding"' }),
    texts: z.array(z.string(), { error: "texts is required" }),
    // The daemon only requires it non-empty here (multimodal checks oneof); the SDK reads unknown values as `query`.
    input_type: z
      .string()
      .nullish()
      .transform((value) => (value === "document" ? "document" : "query")),
  }),
);
/** A parsed `invoke_text_embedding` request. */
export type InvokeTextEmbeddingRequest = z.infer<typeof InvokeTextEmbeddingRequestSchema>;

/** One multimodal item (`MultimodalContent`): text, or an image (base64 or URL) in `content`. */
export const InboundMultimodalContentSchema = lazySchema(() =>
  z.looseObject({
    content: z.string({ error: "content is required" }),
    content_type: z.enum(["text", "image"], { error: 'content_type must be "text" or "image"' }),
  }),
);
/** One multimodal item the daemon sent. */
export type InboundMultimodalContent = z.infer<typeof InboundMultimodalContentSchema>;

/**
 * `data` of `model` / `invoke_multimodal_embedding` (`RequestInvokeMultimodalEmbedding`): `model_type` is only
 * required non-empty (Dify sends `text-embedding` or `multimodal-embedding`).
 */
export const InvokeMultimodalEmbeddingRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.string({ error: "model_type is required" }),
    documents: z.array(InboundMultimodalContentSchema, { error: "documents is required" }),
    input_type: EmbeddingInputTypeSchema,
  }),
);
/** A parsed `invoke_multimodal_embedding` request. */
export type InvokeMultimodalEmbeddingRequest = z.infer<typeof InvokeMultimodalEmbeddingRequestSchema>;

/** `data` of `model` / `get_text_embedding_num_tokens` (`RequestGetTextEmbeddingNumTokens`). */
export const GetTextEmbeddingNumTokensRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("text-embedding", { error: 'model_type must be "text-embedding"' }),
    texts: z.array(z.string(), { error: "texts is required" }),
  }),
);
/** A parsed `get_text_embedding_num_tokens` request. */
export type GetTextEmbeddingNumTokensRequest = z.infer<typeof GetTextEmbeddingNumTokensRequestSchema>;

/** `score_threshold` and `top_n`: Go `float64` / `int` without `omitempty`, so `0` means "not set". */
const RankingShape = lazySchema(() => ({
  score_threshold: z
    .number()
    .nullish()
    .transform((value) => value ?? 0),
  top_n: z
    .number()
    .int()
    .nullish()
    .transform((value) => value ?? 0),
}));

/** `data` of `model` / `invoke_rerank` (`RequestInvokeRerank`). Reply: one rerank result. */
export const InvokeRerankRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("rerank", { error: 'model_type must be "rerank"' }),
    query: z.string({ error: "query is required" }),
    docs: z.array(z.string(), { error: "docs is required" }),
    ...RankingShape,
  }),
);
/** A parsed `invoke_rerank` request. */
export type InvokeRerankRequest = z.infer<typeof InvokeRerankRequestSchema>;

/** `data` of `model` / `invoke_multimodal_rerank` (`RequestInvokeMultimodalRerank`). Reply: one rerank result. */
export const InvokeMultimodalRerankRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.string({ error: "model_type is required" }),
    query: InboundMultimodalContentSchema,
    docs: z.array(InboundMultimodalContentSchema, { error: "docs is required" }),
    ...RankingShape,
  }),
);
/** A parsed `invoke_multimodal_rerank` request. */
export type InvokeMultimodalRerankRequest = z.infer<typeof InvokeMultimodalRerankRequestSchema>;

/** `data` of `model` / `invoke_tts` (`RequestInvokeTTS`). Reply: many hex audio chunks. */
export const InvokeTTSRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("tts", { error: 'model_type must be "tts"' }),
    content_text: z.string({ error: "content_text is required" }),
    voice: z.string({ error: "voice is required" }),
    tenant_id: z.string().nullish(),
  }),
);
/** A parsed `invoke_tts` request. */
export type InvokeTTSRequest = z.infer<typeof InvokeTTSRequestSchema>;

/** `data` of `model` / `get_tts_model_voices` (`RequestGetTTSModelVoices`): `language` may be empty. */
export const GetTTSModelVoicesRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("tts", { error: 'model_type must be "tts"' }),
    language: z.string().nullish(),
  }),
);
/** A parsed `get_tts_model_voices` request. */
export type GetTTSModelVoicesRequest = z.infer<typeof GetTTSModelVoicesRequestSchema>;

/** `data` of `model` / `invoke_speech2text` (`RequestInvokeSpeech2Text`): `file` is the audio bytes in hex. */
export const InvokeSpeech2TextRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("speech2text", { error: 'model_type must be "speech2text"' }),
    file: z
      .string({ error: "file is required (hex of the audio bytes)" })
      .regex(/^(?:[0-9a-fA-F]{2})*$/, "file must be the audio bytes in hex"),
  }),
);
/** A parsed `invoke_speech2text` request. */
export type InvokeSpeech2TextRequest = z.infer<typeof InvokeSpeech2TextRequestSchema>;

/** `data` of `model` / `invoke_moderation` (`RequestInvokeModeration`). Reply: `{result}`. */
export const InvokeModerationRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: z.literal("moderation", { error: 'model_type must be "moderation"' }),
    text: z.string({ error: "text is required" }),
  }),
);
/** A parsed `invoke_moderation` request. */
export type InvokeModerationRequest = z.infer<typeof InvokeModerationRequestSchema>;

/** `data` of `model` / `validate_provider_credentials` (`RequestValidateProviderCredentials`). */
export const ValidateProviderCredentialsRequestSchema = lazySchema(() =>
  z.looseObject({
    provider: z.string({ error: "provider is required" }),
    ...CredentialsShape,
  }),
);
/** A parsed `validate_provider_credentials` request. */
export type ValidateProviderCredentialsRequest = z.infer<typeof ValidateProviderCredentialsRequestSchema>;

/** `data` of `model` / `validate_model_credentials` (`RequestValidateModelCredentials`): any model type. */
export const ValidateModelCredentialsRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: ModelTypeSchema,
  }),
);
/** A parsed `validate_model_credentials` request. */
export type ValidateModelCredentialsRequest = z.infer<typeof ValidateModelCredentialsRequestSchema>;

/** `data` of `model` / `get_ai_model_schemas` (`RequestGetAIModelSchema`): the schema of one (custom) model. */
export const GetAIModelSchemasRequestSchema = lazySchema(() =>
  z.looseObject({
    ...TargetShape,
    model_type: ModelTypeSchema,
  }),
);
/** A parsed `get_ai_model_schemas` request. */
export type GetAIModelSchemasRequest = z.infer<typeof GetAIModelSchemasRequestSchema>;

/** The request schema of each model action. */
export const MODEL_REQUEST_SCHEMAS = {
  invoke_llm: InvokeLLMRequestSchema,
  start_polling: StartPollingRequestSchema,
  check_polling: CheckPollingRequestSchema,
  get_llm_num_tokens: GetLLMNumTokensRequestSchema,
  invoke_text_embedding: InvokeTextEmbeddingRequestSchema,
  invoke_multimodal_embedding: InvokeMultimodalEmbeddingRequestSchema,
  get_text_embedding_num_tokens: GetTextEmbeddingNumTokensRequestSchema,
  invoke_rerank: InvokeRerankRequestSchema,
  invoke_multimodal_rerank: InvokeMultimodalRerankRequestSchema,
  invoke_tts: InvokeTTSRequestSchema,
  get_tts_model_voices: GetTTSModelVoicesRequestSchema,
  invoke_speech2text: InvokeSpeech2TextRequestSchema,
  invoke_moderation: InvokeModerationRequestSchema,
  validate_provider_credentials: ValidateProviderCredentialsRequestSchema,
  validate_model_credentials: ValidateModelCredentialsRequestSchema,
  get_ai_model_schemas: GetAIModelSchemasRequestSchema,
} as const satisfies Record<ModelAction, z.ZodType>;
