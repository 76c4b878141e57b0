import { type InvokeOptions, invokeOne, parseInput } from "@x/core";
import { z } from "zod";
import type { Invoker } from "./call.js";
import { MultimodalContentSchema } from "./embedding-client.js";

const RankingSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  /** Drop documents scoring below this (default 0: keep all). */
  score_threshold: z.number().default(0),
  /** Keep at most this many documents (default: all of them). */
  top_n: z.number().int().positive().optional(),
});

/** Parameters of `session.model.rerank.invoke(...)`. */
export const RerankParamsSchema = RankingSchema.extend({
  /** The query to rank against. */
  query: z.string().min(1),
  /** Candidate documents. */
  docs: z.array(z.string()).min(1, "needs at least one document"),
});
/** Parameters of `session.model.rerank.invoke(...)`. */
export type RerankParams = z.input<typeof RerankParamsSchema>;

/** Parameters of `session.model.multimodalRerank.invoke(...)`. */
export const MultimodalRerankParamsSchema = RankingSchema.extend({
  /** The query (text or image). */
  query: MultimodalContentSchema,
  /** Candidate documents (text or images). */
  docs: z.array(MultimodalContentSchema).min(1, "needs at least one document"),
});
/** Parameters of `session.model.multimodalRerank.invoke(...)`. */
export type MultimodalRerankParams = z.input<typeof MultimodalRerankParamsSchema>;

/** Ranked documents: `index` points into the `docs` you sent; higher `score` is more relevant. */
export const RerankResultSchema = z.looseObject({
  model: z.string(),
  docs: z.array(z.looseObject({ index: z.number().int(), text: z.string(), score: z.number() })),
});
/** Ranked documents. */
export type RerankResult = z.output<typeof RerankResultSchema>;

/** The request fields both reranks share; `top_n` defaults to every document. */
function rankingFields(input: z.output<typeof RankingSchema> & { docs: readonly unknown[] }) {
  return {
    provider: input.provider,
    model: input.model,
    model_type: "rerank",
    score_threshold: input.score_threshold,
    top_n: input.top_n ?? input.docs.length,
  };
}

/** `session.model.rerank`: rank text documents against a query. */
export class RerankClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Ranks `docs` against `query`. */
  async invoke(params: RerankParams, options: InvokeOptions = {}): Promise<RerankResult> {
    const input = parseInput(RerankParamsSchema, params, { what: "rerank" });
    const request = { ...rankingFields(input), docs: input.docs, query: input.query };
    return invokeOne(this.session, "rerank", request, RerankResultSchema, options);
  }
}

/** `session.model.multimodalRerank`: rank text and image documents against a text or image query. */
export class MultimodalRerankClient {
  private readonly session: Invoker;

  constructor(session: Invoker) {
    this.session = session;
  }

  /** Ranks `docs` against `query`. */
  async invoke(params: MultimodalRerankParams, options: InvokeOptions = {}): Promise<RerankResult> {
    const input = parseInput(MultimodalRerankParamsSchema, params, { what: "multimodal_rerank" });
    const request = { ...rankingFields(input), query: input.query, docs: input.docs };
    return invokeOne(this.session, "multimodal_rerank", request, RerankResultSchema, options);
  }
}
