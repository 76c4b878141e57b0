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
} from "./logger.js";
