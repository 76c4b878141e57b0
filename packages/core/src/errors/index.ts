export { AbortedError } from "./aborted-error.js";
export { ConfigError } from "./config-error.js";
export { ConnectionClosedError } from "./connection-closed-error.js";
export { DaemonUnreachableError } from "./daemon-unreachable-error.js";
export {
  type CoreErrorCode,
  DifyPluginError,
  type DifyPluginErrorOptions,
  hasCode,
} from "./dify-plugin-error.js";
export { FrameTooLargeError } from "./frame-too-large-error.js";
export { HandlerNotFoundError } from "./handler-not-found-error.js";
export { InvocationError, type InvocationErrorDetails } from "./invocation-error.js";
export { InvocationTimeoutError, type InvocationTimer } from "./invocation-timeout-error.js";
export { PayloadTooLargeError } from "./payload-too-large-error.js";
export { PermissionDeniedError } from "./permission-denied-error.js";
export { ProtocolError } from "./protocol-error.js";
export { RegistrationInvalidError, type RegistrationIssue } from "./registration-invalid-error.js";
export { RegistrationRejectedError, type RegistrationRejection } from "./registration-rejected-error.js";
export { SessionClosedError } from "./session-closed-error.js";
export { SessionNotFoundError } from "./session-not-found-error.js";
export { SessionTimeoutError } from "./session-timeout-error.js";
export { ValidationError } from "./validation-error.js";
