export {
  type BackwardsResponseEvent,
  BackwardsResponseEventSchema,
  type BackwardsResponseFrame,
  BackwardsResponseFrameSchema,
  readBackwardsResponseEvent,
} from "./backwards-response-frame.js";
export { endFrame, errorFrame, invokeFrame, streamFrame, topLevelErrorFrame } from "./frames.js";
export { type InboundFrame, InboundFrameSchema } from "./inbound-frame.js";
export { INVOKE_TYPES, type InvokeType } from "./invoke-types.js";
export type { JsonObject, JsonValue } from "./json.js";
export {
  HEARTBEAT_FRAME,
  type LogLevel,
  LogLevelSchema,
  LogPayloadSchema,
  type OutboundFrame,
  OutboundFrameSchema,
  type SessionFrame,
} from "./outbound-frame.js";
export {
  EnvelopeFieldsSchema,
  type RequestData,
  RequestDataSchema,
  type RequestFrame,
  RequestFrameSchema,
  type SessionContext,
  SessionContextSchema,
} from "./request-frame.js";
export {
  type ErrorPayload,
  ErrorPayloadSchema,
  type InvokePayload,
  InvokePayloadSchema,
  type SessionMessage,
  SessionMessageSchema,
} from "./session-message.js";
