export {
  type CodecLimits,
  DEFAULT_MAX_INBOUND_LINE,
  DEFAULT_MAX_OUTBOUND_LINE,
  encodeFrame,
  FrameWriter,
  LineDecoder,
  type LineDecoderHandlers,
  type WritableLike,
} from "./codec/index.js";
export {
  AbortedError,
  ConfigError,
  ConnectionClosedError,
  type CoreErrorCode,
  DifyPluginError,
  type DifyPluginErrorOptions,
  FrameTooLargeError,
  HandlerNotFoundError,
  hasCode,
  InvocationError,
  type InvocationErrorDetails,
  InvocationTimeoutError,
  type InvocationTimer,
  PermissionDeniedError,
  ProtocolError,
  SessionClosedError,
  ValidationError,
} from "./errors/index.js";
export {
  DEFAULT_IDLE_TIMEOUT_MS,
  InvocationEngine,
  type InvocationEngineOptions,
  type InvocationStats,
  type InvocationStream,
  type InvokeOptions,
} from "./invocation/index.js";
export {
  createLogger,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogRecord,
  type LogSink,
  redact,
  silentLogger,
  stderrSink,
} from "./logger/index.js";
export * from "./protocol/index.js";
export {
  type DeclarationKind,
  defineSessionExtension,
  Plugin,
  type PluginComponent,
  type PluginOptions,
  PluginRuntime,
  type PluginRuntimeOptions,
  type RequestHandler,
  type RuntimeStats,
  Session,
  type SessionExtension,
  toErrorPayload,
} from "./runtime/index.js";
export {
  createStdioTransport,
  InMemoryTransport,
  type StdioTransportOptions,
  type Transport,
} from "./transport/index.js";
