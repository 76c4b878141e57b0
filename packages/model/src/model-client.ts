import { defineSessionExtension, type Session } from "@x/core";
import type { Invoker } from "./call.js";
import { MultimodalEmbeddingClient, TextEmbeddingClient } from "./embedding-client.js";
import { LLMClient } from "./llm-client.js";
import { ModerationClient } from "./moderation-client.js";
import { MultimodalRerankClient, RerankClient } from "./rerank-client.js";
import { Speech2TextClient } from "./speech2text-client.js";
import { StructuredOutputClient } from "./structured-output-client.js";
import { SummaryClient } from "./summary-client.js";
import { TTSClient } from "./tts-client.js";

/** Every model a plugin can reverse-invoke, as `session.model.*`. Each needs its `resource.permission.model.*`. */
export class ModelClient {
  /** Chat and completion models (`model.llm`). */
  readonly llm: LLMClient;
  /** LLM answers constrained to a JSON schema (`model.llm`). */
  readonly llmStructuredOutput: StructuredOutputClient;
  /** Text embeddings (`model.text_embedding`). */
  readonly textEmbedding: TextEmbeddingClient;
  /** Text and image embeddings (`model.text_embedding`). */
  readonly multimodalEmbedding: MultimodalEmbeddingClient;
  /** Reranking (`model.rerank`). */
  readonly rerank: RerankClient;
  /** Text and image reranking (`model.rerank`). */
  readonly multimodalRerank: MultimodalRerankClient;
  /** Text to speech (`model.tts`). */
  readonly tts: TTSClient;
  /** Speech to text (`model.speech2text`). */
  readonly speech2text: Speech2TextClient;
  /** Moderation (`model.moderation`). */
  readonly moderation: ModerationClient;
  /** Dify's system summariser (`model.llm`). */
  readonly summary: SummaryClient;

  constructor(session: Invoker) {
    this.llm = new LLMClient(session);
    this.llmStructuredOutput = new StructuredOutputClient(session);
    this.textEmbedding = new TextEmbeddingClient(session);
    this.multimodalEmbedding = new MultimodalEmbeddingClient(session);
    this.rerank = new RerankClient(session);
    this.multimodalRerank = new MultimodalRerankClient(session);
    this.tts = new TTSClient(session);
    this.speech2text = new Speech2TextClient(session);
    this.moderation = new ModerationClient(session);
    this.summary = new SummaryClient(session);
  }
}

/** Adds `session.model` to every session: `plugin.use(modelExtension)`. */
export const modelExtension = defineSessionExtension("model", (session: Session) => new ModelClient(session));

declare module "@x/core" {
  interface Session {
    /** Reverse calls to the workspace's models (installed by `plugin.use(modelExtension)`). */
    readonly model: ModelClient;
  }
}
