export type { Awaitable } from "./answer.js";
export { defaultAppAnswer, defaultFetchAppAnswer, useAppDefaults } from "./app-defaults.js";
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
  mockLlmChunk,
  mockLlmToolCallChunk,
  useModelDefaults,
} from "./model-defaults.js";
export {
  defaultClassifierResponse,
  defaultExtractorResponse,
  type NodeResponse,
  type NodeResponseInput,
} from "./node-defaults.js";
export { isPerCall, type PerCall, perCall } from "./per-call.js";
export { checkPermission, type ManifestPermissions, permissionDeniedText } from "./permissions.js";
export type { CallOutcome, IncomingCall, RecordedCall } from "./recorded-call.js";
export type { ReplyStep } from "./reply-step.js";
export { MemoryStorage } from "./storage-mock.js";
export { type ToolMessageInput, toolMessages } from "./tool-message.js";
