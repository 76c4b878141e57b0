import { type InvokeOptions, invokeOne, parseInput } from "@x/core";
import { z } from "zod";
import type { Invoker } from "./call.js";
import { EmbeddingUsageSchema } from "./usage.js";

const ModelRef = { provider: z.string().min(1), model: z.string().min(1) };
const InputType = z.enum(["document", "query"]).default("query");

/** Parameters of `session.model.textEmbedding.invoke(...)`. */
export const TextEmbeddingParamsSchema = z.object({
  ...ModelRef,
  /** Texts to embed. */
  texts: z.array(z.string()).min(1, "needs at least one text"),
  /** `query` (default) or `document`: some models embed the two differently. */
  input_type: InputType,
});
/** Parameters of `session.model.textEmbedding.invoke(...)`. */
export type TextEmbeddingParams = z.input<typeof TextEmbeddingParamsSchema>;

/** One item to embed or rerank multimodally: text, or an image as base64 or URL in `content`. */
export const MultimodalContentSchema = z.object({
  content: z.string().min(1),
  content_type: z.enum(["text", "image"]),
});
/** One multimodal item. */
export type MultimodalContent = z.input<typeof MultimodalContentSchema>;

/** Parameters of `session.model.multimodalEmbedding.invoke(...)`. */
export const MultimodalEmbeddingParamsSchema = z.object({
  ...ModelRef,
  /** Items to embed. */
  documents: z.array(MultimodalContentSchema).min(1, "needs at least one document"),
  /** `query` (default) or `document`. */
  input_type: InputType,
});
/** Parameters of `session.model.multimodalEmbedding.invoke(...)`. */
export type MultimodalEmbeddingParams = z.input<typeof MultimodalEmbeddingParamsSchema>;

/** Vectors for each input, in order, with usage. */
export const EmbeddingResultSchema = z.looseObject({
  model: z.string(),
  embeddings: z.array(z.array(z.number())),
  usage: EmbeddingUsageSchema.default(EmbeddingUsageSchema.parse({})),
});
/** Vectors for each input, in order, with usage. */
export type EmbeddingResult = z.output<typeof EmbeddingResultSchema>;

/** `session.model.textEmbedding`: embed texts with a workspace embedding model. */
export class TextEmbeddingClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Embeds `texts`; one vector per text, in order. */
  async invoke(params: TextEmbeddingParams, options: InvokeOptions = {}): Promise<EmbeddingResult> {
    const input = parseInput(TextEmbeddingParamsSchema, params, { what: "text_embedding" });
    const request = {
      provider: input.provider,
      model: input.model,
      model_type: "text-embedding",
      texts: input.texts,
      input_type: input.input_type,
    };
    return invokeOne(this.session, "text_embedding", request, EmbeddingResultSchema, options);
  }
}

/** `session.model.multimodalEmbedding`: embed text and images with a multimodal embedding model. */
export class MultimodalEmbeddingClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Embeds `documents`; one vector per document, in order. */
  async invoke(params: MultimodalEmbeddingParams, options: InvokeOptions = {}): Promise<EmbeddingResult> {
    const input = parseInput(MultimodalEmbeddingParamsSchema, params, { what: "multimodal_embedding" });
    // The Python SDK's MultiModalEmbeddingModelConfig sends model_type "text-embedding"; the daemon only needs it non-empty.
    const request = {
      provider: input.provider,
      model: input.model,
      model_type: "text-embedding",
      documents: input.documents,
      input_type: input.input_type,
    };
    return invokeOne(this.session, "multimodal_embedding", request, EmbeddingResultSchema, options);
  }
}
