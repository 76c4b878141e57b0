import type { InvokeOptions } from "@x/core";
import { defineOneShotCall, type OneShotCall, type SessionBase } from "@x/core/internal";
import {
  EmbeddingResultSchema,
  ModerationRequestSchema,
  ModerationResultSchema,
  MultimodalEmbeddingRequestSchema,
  MultimodalRerankRequestSchema,
  RerankRequestSchema,
  RerankResultSchema,
  Speech2TextRequestSchema,
  Speech2TextResultSchema,
  SummaryRequestSchema,
  SummaryResultSchema,
  TextEmbeddingRequestSchema,
} from "@x/protocol";

// The request/reply model calls, one table row each (request and reply schemas come from @x/protocol): parse the
// caller's parameters, build the wire request, send, validate the one reply, map it.

/** Texts shorter than this are returned unchanged without a call (the Python SDK's `min_summarize_length`). */
export const DEFAULT_MIN_SUMMARIZE_LENGTH = 1024;

/** `session.model.<name>` of a request/reply model: `invoke(params, options)`. */
export interface OneShotClient<Params, Result> {
  /** Makes the call; rejects with `ValidationError` (nothing sent), `InvocationError`, `ProtocolError`, ... */
  invoke(params: Params, options?: InvokeOptions): Promise<Result>;
}

/** Parameters of `session.model.summary.invoke(...)`. */
export interface SummaryParams {
  /** The text to summarise. */
  text: string;
  /** What the summary should focus on. */
  instruction?: string;
  /** Shorter texts come back unchanged without a call (default 1024 characters). */
  min_summarize_length?: number;
}

const summaryCall = defineOneShotCall({
  type: "system_summary",
  request: SummaryRequestSchema,
  reply: SummaryResultSchema,
  result: (reply) => reply.summary,
});

const summary: OneShotCall<SummaryParams, string> = async (session, params, options) => {
  const { min_summarize_length: min = DEFAULT_MIN_SUMMARIZE_LENGTH, ...request } = params ?? { text: "" };
  // Python's len() counts code points, not UTF-16 units.
  if (typeof request.text === "string" && [...request.text].length < min) return request.text;
  return summaryCall(session, request, options);
};

/** The request/reply model calls, by their `session.model` name. */
export const ONE_SHOT_CALLS = {
  /** Embed texts (`model.text_embedding`). */
  textEmbedding: defineOneShotCall({
    type: "text_embedding",
    request: TextEmbeddingRequestSchema,
    reply: EmbeddingResultSchema,
  }),
  /** Embed text and images (`model.text_embedding`). */
  multimodalEmbedding: defineOneShotCall({
    type: "multimodal_embedding",
    request: MultimodalEmbeddingRequestSchema,
    reply: EmbeddingResultSchema,
  }),
  /** Rank text documents against a query (`model.rerank`). */
  rerank: defineOneShotCall({ type: "rerank", request: RerankRequestSchema, reply: RerankResultSchema }),
  /** Rank text and image documents (`model.rerank`). */
  multimodalRerank: defineOneShotCall({
    type: "multimodal_rerank",
    request: MultimodalRerankRequestSchema,
    reply: RerankResultSchema,
  }),
  /** Transcribe audio; resolves with the text (`model.speech2text`). */
  speech2text: defineOneShotCall({
    type: "speech2text",
    request: Speech2TextRequestSchema,
    reply: Speech2TextResultSchema,
    result: (reply) => reply.result,
  }),
  /** Check text; resolves `true` when the model flags it (`model.moderation`). */
  moderation: defineOneShotCall({
    type: "moderation",
    request: ModerationRequestSchema,
    reply: ModerationResultSchema,
    result: (reply) => reply.result,
  }),
  /** Dify's system summariser; a text under `min_summarize_length` characters is returned as is, with no call. */
  summary,
};

type Calls = typeof ONE_SHOT_CALLS;

/** The clients of the request/reply calls, bound to one session. */
export type OneShotClients = {
  readonly [K in keyof Calls]: Calls[K] extends OneShotCall<infer P, infer R> ? OneShotClient<P, R> : never;
};

/** Binds every request/reply call to `session`. */
export function oneShotClients(session: Pick<SessionBase, "invoke">): OneShotClients {
  const out: Record<string, OneShotClient<unknown, unknown>> = {};
  for (const [name, call] of Object.entries(ONE_SHOT_CALLS)) {
    const bound = call as OneShotCall<unknown, unknown>;
    out[name] = { invoke: (params, options) => bound(session, params, options) };
  }
  return out as unknown as OneShotClients;
}
