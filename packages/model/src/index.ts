export type { Invoker } from "./call.js";
export {
  type EmbeddingResult,
  EmbeddingResultSchema,
  type MultimodalContent,
  MultimodalContentSchema,
  MultimodalEmbeddingClient,
  type MultimodalEmbeddingParams,
  MultimodalEmbeddingParamsSchema,
  TextEmbeddingClient,
  type TextEmbeddingParams,
  TextEmbeddingParamsSchema,
} from "./embedding-client.js";
export { StructuredOutputError } from "./errors.js";
export { LLMClient, type LLMInvokeParams, LLMInvokeParamsSchema } from "./llm-client.js";
export {
  type LLMResult,
  type LLMResultChunk,
  LLMResultChunkSchema,
  LLMResultCollector,
  type LLMStructuredChunk,
  LLMStructuredChunkSchema,
} from "./llm-result.js";
export { LLMStream } from "./llm-stream.js";
export { ModelClient, modelExtension } from "./model-client.js";
export { ModerationClient, type ModerationParams, ModerationParamsSchema } from "./moderation-client.js";
export {
  AssistantMessageSchema,
  AudioContentSchema,
  DocumentContentSchema,
  ImageContentSchema,
  type PromptContent,
  PromptContentSchema,
  type PromptMessage,
  PromptMessageSchema,
  type PromptTool,
  PromptToolSchema,
  SystemMessageSchema,
  TextContentSchema,
  type ToolCall,
  ToolCallSchema,
  type ToolChoice,
  ToolChoiceSchema,
  ToolMessageSchema,
  toWireMessage,
  UserMessageSchema,
  VideoContentSchema,
} from "./prompt-message.js";
export {
  MultimodalRerankClient,
  type MultimodalRerankParams,
  MultimodalRerankParamsSchema,
  RerankClient,
  type RerankParams,
  RerankParamsSchema,
  type RerankResult,
  RerankResultSchema,
} from "./rerank-client.js";
export { Speech2TextClient, type Speech2TextParams } from "./speech2text-client.js";
export { type LLMStructuredOutputParams, StructuredOutputClient } from "./structured-output-client.js";
export { type LLMStructuredResult, LLMStructuredStream, type OutputValidator } from "./structured-stream.js";
export {
  DEFAULT_MIN_SUMMARIZE_LENGTH,
  SummaryClient,
  type SummaryParams,
  SummaryParamsSchema,
} from "./summary-client.js";
export { TTSClient, type TTSParams, TTSParamsSchema, TTSStream } from "./tts-client.js";
export {
  DecimalSchema,
  type EmbeddingUsage,
  EmbeddingUsageSchema,
  emptyUsage,
  type LLMUsage,
  LLMUsageSchema,
} from "./usage.js";
