import { z } from "zod";
import { ModelRefShape } from "../common-model-ref.js";
import { lazySchema } from "../lazy-schema.js";
import { PromptMessageSchema, PromptToolSchema, ToolChoiceSchema, toWireMessage } from "./prompt-message.js";
import { EmbeddingUsageSchema } from "./usage.js";

// Reverse calls to the workspace's models (§4.4, §4.7). Each `*RequestSchema` takes what a caller writes and
// outputs the `request` object exactly as the Python SDK sends it (key order included); each `*ReplySchema`
// reads one reply item as the daemon forwards it from Dify.

const LLMFields = lazySchema(() => ({
  ...ModelRefShape,
  /** `chat` (default) or `completion`. */
  mode: z.enum(["chat", "completion"]).default("chat"),
  /** Model parameters (`temperature`, `max_tokens`, ...). */
  completion_params: z.record(z.string(), z.unknown()).default({}),
  /** The conversation so far. */
  prompt_messages: z.array(PromptMessageSchema).min(1, "needs at least one prompt message"),
  /** Tools the model may call. */
  tools: z.array(PromptToolSchema).optional(),
  /** How the model picks tools. */
  tool_choice: ToolChoiceSchema.optional(),
  /** Stop sequences. */
  stop: z.array(z.string()).optional(),
  /** `false` asks Dify for a non-streamed answer (default `true`). */
  stream: z.boolean().optional(),
}));

/** Model selection, prompt and parameters of an `llm` call, as callers write them. */
export const LLMInvokeParamsSchema = lazySchema(() => z.object(LLMFields));

/** Parameters of an `llm` reverse call. */
export type LLMInvokeParams = z.input<typeof LLMInvokeParamsSchema>;

/** The wire `request` of an `llm` call built from validated parameters (`LLMModelConfig.model_dump()` + lists). */
export function llmWireRequest(params: z.output<typeof LLMInvokeParamsSchema>) {
  return {
    provider: params.provider,
    model: params.model,
    model_type: "llm" as const,
    mode: params.mode,
    completion_params: params.completion_params,
    prompt_messages: params.prompt_messages.map(toWireMessage),
    tools: params.tools && params.tools.length > 0 ? params.tools : null,
    stop: params.stop ?? null,
    stream: params.stream !== false,
    ...(params.tool_choice ? { tool_choice: params.tool_choice } : {}),
  };
}

/** `llm`: parameters in, the wire request out. */
export const LLMInvokeRequestSchema = lazySchema(() => LLMInvokeParamsSchema.transform(llmWireRequest));

/** The `request` of an `llm` reverse call as sent. */
export type LLMInvokeRequest = z.output<typeof LLMInvokeRequestSchema>;

/** `llm_structured_output`: the `llm` parameters plus the JSON schema the answer must follow. */
export const LLMStructuredOutputRequestSchema = lazySchema(() =>
  z
    .object({
      ...LLMFields,
      /** The JSON schema the answer must follow. */
      structured_output_schema: z.record(z.string(), z.unknown()),
    })
    .transform(({ structured_output_schema, ...params }) => ({
      ...llmWireRequest(params),
      structured_output_schema,
    })),
);

/** The `request` of an `llm_structured_output` reverse call as sent. */
export type LLMStructuredOutputRequest = z.output<typeof LLMStructuredOutputRequestSchema>;

const InputTypeSchema = lazySchema(() => z.enum(["document", "query"]).default("query"));

/** `text_embedding`: texts to embed. */
export const TextEmbeddingRequestSchema = lazySchema(() =>
  z
    .object({
      ...ModelRefShape,
      /** Texts to embed. */
      texts: z.array(z.string()).min(1, "needs at least one text"),
      /** `query` (default) or `document`: some models embed the two differently. */
      input_type: InputTypeSchema,
    })
    .transform(({ provider, model, texts, input_type }) => ({
      provider,
      model,
      model_type: "text-embedding" as const,
      texts,
      input_type,
    })),
);

/** Parameters of a `text_embedding` call. */
export type TextEmbeddingParams = z.input<typeof TextEmbeddingRequestSchema>;

/** One item to embed or rerank multimodally: text, or an image as base64 or URL in `content`. */
export const MultimodalContentSchema = lazySchema(() =>
  z.object({
    content: z.string().min(1),
    content_type: z.enum(["text", "image"]),
  }),
);

/** One multimodal item. */
export type MultimodalContent = z.input<typeof MultimodalContentSchema>;

/** `multimodal_embedding`: text and image documents to embed. */
export const MultimodalEmbeddingRequestSchema = lazySchema(() =>
  z
    .object({
      ...ModelRefShape,
      /** Items to embed. */
      documents: z.array(MultimodalContentSchema).min(1, "needs at least one document"),
      /** `query` (default) or `document`. */
      input_type: InputTypeSchema,
    })
    // The Python SDK's MultiModalEmbeddingModelConfig sends model_type "text-embedding"; the daemon only needs it non-empty.
    .transform(({ provider, model, documents, input_type }) => ({
      provider,
      model,
      model_type: "text-embedding" as const,
      documents,
      input_type,
    })),
);

/** Parameters of a `multimodal_embedding` call. */
export type MultimodalEmbeddingParams = z.input<typeof MultimodalEmbeddingRequestSchema>;

/** Vectors for each input, in order, with usage (`text_embedding` and `multimodal_embedding` replies). */
export const EmbeddingResultSchema = lazySchema(() =>
  z.looseObject({
    model: z.string(),
    embeddings: z.array(z.array(z.number())),
    usage: EmbeddingUsageSchema.default(EmbeddingUsageSchema.parse({})),
  }),
);

/** Vectors for each input, in order, with usage. */
export type EmbeddingResult = z.output<typeof EmbeddingResultSchema>;

const RankingFields = lazySchema(() => ({
  ...ModelRefShape,
  /** Drop documents scoring below this (default 0: keep all). */
  score_threshold: z.number().default(0),
  /** Keep at most this many documents (default: all of them). */
  top_n: z.number().int().positive().optional(),
}));

function rankingRequest<Q, D>(input: {
  provider: string;
  model: string;
  score_threshold: number;
  top_n?: number | undefined;
  query: Q;
  docs: D[];
}) {
  return {
    provider: input.provider,
    model: input.model,
    model_type: "rerank" as const,
    score_threshold: input.score_threshold,
    top_n: input.top_n ?? input.docs.length,
    docs: input.docs,
    query: input.query,
  };
}

/** `rerank`: text documents ranked against a query. */
export const RerankRequestSchema = lazySchema(() =>
  z
    .object({
      ...RankingFields,
      /** The query to rank against. */
      query: z.string().min(1),
      /** Candidate documents. */
      docs: z.array(z.string()).min(1, "needs at least one document"),
    })
    .transform(rankingRequest),
);

/** Parameters of a `rerank` call. */
export type RerankParams = z.input<typeof RerankRequestSchema>;

/** `multimodal_rerank`: text and image documents ranked against a text or image query. */
export const MultimodalRerankRequestSchema = lazySchema(() =>
  z
    .object({
      ...RankingFields,
      /** The query (text or image). */
      query: MultimodalContentSchema,
      /** Candidate documents (text or images). */
      docs: z.array(MultimodalContentSchema).min(1, "needs at least one document"),
    })
    .transform(rankingRequest),
);

/** Parameters of a `multimodal_rerank` call. */
export type MultimodalRerankParams = z.input<typeof MultimodalRerankRequestSchema>;

/** Ranked documents: `index` points into the `docs` sent; higher `score` is more relevant. */
export const RerankResultSchema = lazySchema(() =>
  z.looseObject({
    model: z.string(),
    docs: z.array(z.looseObject({ index: z.number().int(), text: z.string(), score: z.number() })),
  }),
);

/** Ranked documents. */
export type RerankResult = z.output<typeof RerankResultSchema>;

/** `tts`: text spoken with one of the model's voices. */
export const TTSRequestSchema = lazySchema(() =>
  z
    .object({
      ...ModelRefShape,
      /** The text to speak. */
      content_text: z.string().min(1),
      /** A voice the model offers (e.g. `alloy`). */
      voice: z.string().min(1),
    })
    .transform(({ provider, model, content_text, voice }) => ({
      provider,
      model,
      model_type: "tts" as const,
      content_text,
      voice,
    })),
);

/** Parameters of a `tts` call. */
export type TTSParams = z.input<typeof TTSRequestSchema>;

/** One streamed `tts` reply item: hex audio, with its MIME type when the model declares one. */
export const TTSChunkSchema = lazySchema(() =>
  z.looseObject({ result: z.string(), mime_type: z.string().nullish() }),
);

/** One `tts` reply item. */
export type TTSChunk = z.output<typeof TTSChunkSchema>;

/** `speech2text`: audio bytes (sent hex-encoded) to transcribe. */
export const Speech2TextRequestSchema = lazySchema(() =>
  z
    .object({
      ...ModelRefShape,
      /** The audio file's bytes. */
      file: z
        .instanceof(Uint8Array, { error: "file must be a Uint8Array" })
        .refine((file) => file.byteLength > 0, "file must not be empty"),
    })
    .transform(({ provider, model, file }) => ({
      provider,
      model,
      model_type: "speech2text" as const,
      file: Buffer.from(file.buffer, file.byteOffset, file.byteLength).toString("hex"),
    })),
);

/** Parameters of a `speech2text` call. */
export type Speech2TextParams = z.input<typeof Speech2TextRequestSchema>;

/** The `speech2text` reply: the transcript. */
export const Speech2TextResultSchema = lazySchema(() => z.looseObject({ result: z.string() }));

/** `moderation`: text to check. */
export const ModerationRequestSchema = lazySchema(() =>
  z
    .object({
      ...ModelRefShape,
      /** The text to check. */
      text: z.string().min(1),
    })
    .transform(({ provider, model, text }) => ({ provider, model, model_type: "moderation" as const, text })),
);

/** Parameters of a `moderation` call. */
export type ModerationParams = z.input<typeof ModerationRequestSchema>;

/** The `moderation` reply: `true` when the text is flagged. */
export const ModerationResultSchema = lazySchema(() => z.looseObject({ result: z.boolean() }));

/** `system_summary`: Dify's system summariser. */
export const SummaryRequestSchema = lazySchema(() =>
  z.object({
    /** The text to summarise. */
    text: z.string(),
    /** What the summary should focus on. */
    instruction: z.string().default(""),
  }),
);

/** The `system_summary` reply. */
export const SummaryResultSchema = lazySchema(() => z.looseObject({ summary: z.string() }));
