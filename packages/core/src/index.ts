// @x/core: the front door for plugin authors. This list is the definition of the public API (each name appears
// here once; folder barrels re-export with `export *` and feed `@x/core/internal`, which sibling packages use).
// Wire shapes (frames, requests, declarations, messages) live in `@x/protocol`.
export {
  loadConfig,
  type PluginConfig,
  type PluginConfigOverrides,
} from "./config/index.js";
export {
  AbortedError,
  ConfigError,
  ConnectionClosedError,
  DaemonUnreachableError,
  type DifyErrorCodes,
  DifyPluginError,
  type ErrorCode,
  ExtensionNotInstalledError,
  FrameTooLargeError,
  HandlerNotFoundError,
  InvocationError,
  InvocationTimeoutError,
  PayloadTooLargeError,
  PermissionDeniedError,
  ProtocolError,
  RegistrationInvalidError,
  type RegistrationIssue,
  RegistrationRejectedError,
  SessionClosedError,
  SessionLimitError,
  SessionNotFoundError,
  SessionTimeoutError,
  ShutdownError,
  ValidationError,
} from "./errors/index.js";
export { FileClient, FileUploadError } from "./file/index.js";
export type { InvocationStream, InvokeOptions } from "./invocation/index.js";
export { createLogger, type Logger, type LoggerOptions, silentLogger } from "./logger/index.js";
export {
  definePluginManifest,
  type PluginManifestInput,
  remoteRegistration,
  validateRegistration,
} from "./registration/index.js";
export { type PluginHandle, type RunPluginOptions, runPlugin } from "./run-plugin.js";
export {
  defineSessionExtension,
  Plugin,
  type PluginOptions,
  PluginRuntime,
  type Session,
  type SessionExtension,
  type SessionWith,
} from "./runtime/index.js";
export { StorageClient, StorageSizeLimitError } from "./storage/index.js";
export {
  createServerlessTransport,
  createStdioTransport,
  createTcpTransport,
  InMemoryTransport,
  type ServerlessTransportOptions,
  type StdioTransportOptions,
  type TcpTransportOptions,
  type Transport,
} from "./transport/index.js";
