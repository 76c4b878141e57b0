export type { Awaitable } from "./answer.js";
export { type Fault, fault, isFault } from "./fault.js";
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
  defaultClassifierResponse,
  defaultExtractorResponse,
  type NodeResponse,
  type NodeResponseInput,
} from "./node-defaults.js";
export { isPerCall, type PerCall, perCall } from "./per-call.js";
export { checkPermission, type ManifestPermissions, permissionDeniedText } from "./permissions.js";
export type { CallOutcome, IncomingCall, RecordedCall } from "./recorded-call.js";
export type { ReplyStep } from "./reply-step.js";
export { type ToolMessageInput, toolMessages } from "./tool-message.js";
