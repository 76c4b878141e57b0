export type { Answer, Awaitable } from "./answer.js";
export {
  DEFAULT_UPLOAD_URL,
  defaultAppAnswer,
  defaultFetchAppAnswer,
  defaultUploadFileAnswer,
  useAppDefaults,
} from "./app-defaults.js";
export { type Fault, fault, isFault } from "./fault.js";
export { sampleFromJsonSchema } from "./json-schema-sample.js";
export {
  type AnswerContext,
  type InvokeAnswer,
  MockDify,
  type MockDifyOptions,
  type MockHandle,
  type NodeAnswer,
  type ToolAnswer,
} from "./mock-dify.js";
export {
  DEFAULT_LLM_USAGE,
  defaultLlmAnswer,
  defaultModerationAnswer,
  defaultMultimodalEmbeddingAnswer,
  defaultMultimodalRerankAnswer,
  defaultRerankAnswer,
  defaultSpeech2TextAnswer,
  defaultStructuredOutputAnswer,
  defaultSummaryAnswer,
  defaultTextEmbeddingAnswer,
  defaultTtsAnswer,
  type LlmChunksOptions,
  type LlmToolCallInput,
  llmChunks,
  mockLlmChunk,
  mockLlmToolCallChunk,
  useModelDefaults,
} from "./model-defaults.js";
export {
  defaultClassifierResponse,
  defaultExtractorResponse,
  type NodeInvokeType,
  type NodeResponse,
  type NodeResponseInput,
} from "./node-defaults.js";
export { isPerCall, type PerCall, perCall } from "./per-call.js";
export { checkPermission, type ManifestPermissions, permissionDeniedText } from "./permissions.js";
export type { CallOutcome, IncomingCall, RecordedCall } from "./recorded-call.js";
export type { ReplyStep } from "./reply-step.js";
export { MemoryStorage } from "./storage-mock.js";
export { type ToolMessageInput, toolMessages } from "./tool-message.js";
