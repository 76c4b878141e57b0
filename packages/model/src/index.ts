// Wire shapes of the model calls (requests, chunks, usage, prompt messages and their schemas) live in @x/protocol.

export { ReverseCallRefusedError } from "@x/core/internal";
export type {
  EmbeddingResult,
  LLMInvokeParams,
  LLMResultChunk,
  LLMStructuredChunk,
  LLMUsage,
  ModerationParams,
  MultimodalContent,
  MultimodalEmbeddingParams,
  MultimodalRerankParams,
  PromptContent,
  PromptMessage,
  PromptTool,
  RerankParams,
  RerankResult,
  Speech2TextParams,
  TextEmbeddingParams,
  ToolCall,
  ToolChoice,
  TTSParams,
} from "@x/protocol";
export * from "./errors.js";
export * from "./llm-client.js";
export * from "./llm-result.js";
export * from "./llm-stream.js";
export * from "./model-client.js";
export * from "./one-shot-clients.js";
export * from "./provider/index.js";
export * from "./structured-output-client.js";
export * from "./structured-stream.js";
export * from "./tts-client.js";
