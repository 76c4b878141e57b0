// Wire shapes of app calls (parameters, events, responses and their schemas) live in @x/protocol.
export type {
  AppEvent,
  AppFile,
  AppInfo,
  ChatParams,
  ChatResponse,
  RunParams,
  UnknownAppEvent,
  WorkflowResponse,
} from "@x/protocol";
export * from "./app-client.js";
export * from "./app-event-stream.js";
export * from "./errors.js";
