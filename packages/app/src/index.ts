export {
  AppClient,
  type AppInvoker,
  appExtension,
  ChatAppClient,
  CompletionAppClient,
  WorkflowAppClient,
} from "./app-client.js";
export {
  AgentMessageEventSchema,
  AgentThoughtEventSchema,
  type AppEvent,
  ErrorEventSchema,
  KNOWN_APP_EVENTS,
  MessageEndEventSchema,
  MessageEventSchema,
  MessageFileEventSchema,
  MessageReplaceEventSchema,
  PingEventSchema,
  TTSMessageEventSchema,
  toAppEvent,
  type UnknownAppEvent,
  WorkflowEventSchema,
} from "./app-event.js";
export { AppEventStream, type ChatAnswer, type WorkflowRunResult } from "./app-event-stream.js";
export {
  type AppFile,
  AppFileSchema,
  type AppInfo,
  AppInfoSchema,
  type ChatParams,
  ChatParamsSchema,
  type ChatResponse,
  ChatResponseSchema,
  type RunParams,
  RunParamsSchema,
  type WorkflowResponse,
  WorkflowResponseSchema,
} from "./app-params.js";
export { AppRunError } from "./errors.js";
