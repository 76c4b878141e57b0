import type { LogLevel } from "@x/protocol";
import { SecretValues } from "./secrets.js";

/** Structured fields attached to a log line. Secret-looking keys are redacted before anything is written. */
export type LogFields = Record<string, unknown>;

/** One log record handed to a {@link LogSink}, already redacted. */
export interface LogRecord {
  level: LogLevel;
  message: string;
  /** Seconds since the epoch, like the daemon's `log` event. */
  timestamp: number;
}

/** Where log records go: daemon `log` events, stderr, a test array... */
export type LogSink = (record: LogRecord) => void;

/** The logger every session and transport gets. Inject your own to route SDK logs elsewhere. */
export interface Logger {
  /** Debug detail (dropped unless the level is `debug`). */
  debug(message: string, fields?: LogFields): void;
  /** Normal operation. */
  info(message: string, fields?: LogFields): void;
  /** Something unexpected that the SDK recovered from. */
  warn(message: string, fields?: LogFields): void;
  /** Something failed. */
  error(message: string, fields?: LogFields): void;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Where records go. Default: {@link stderrSink}. */
  sink?: LogSink;
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /**
   * Secret values (a debug key, a token) masked wherever they appear; a live `SecretValues` (as the runtime keeps,
   * with every request's credentials and settings) is read at each line.
   */
  secrets?: readonly string[] | SecretValues;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };
const SECRET_KEY = /credential|secret|password|passwd|token|api[-_]?key|authorization|^key$|private/i;
const REDACTED = "[redacted]";

/** Replaces the values of secret-looking keys (and any listed secret string) with `[redacted]`, recursively. */
export function redact(value: unknown, secrets: readonly string[] | SecretValues = [], depth = 0): unknown {
  if (typeof value === "string") return maskSecrets(value, secrets);
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets, depth + 1));
  if (value instanceof Error) return maskSecrets(value.message, secrets);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, secrets, depth + 1);
  }
  return out;
}

function maskSecrets(text: string, secrets: readonly string[] | SecretValues): string {
  if (secrets instanceof SecretValues) return secrets.mask(text);
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** Writes each record to stderr as one line: `[level] message`. Never stdout, which belongs to the protocol. */
export function stderrSink(stream: NodeJS.WritableStream = process.stderr): LogSink {
  return (record) => {
    stream.write(`[${record.level}] ${record.message}\n`);
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/** Creates a {@link Logger} that redacts secrets and filters by level. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? stderrSink();
  const min = ORDER[options.level ?? "info"];
  const secrets = options.secrets ?? [];
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    let text = maskSecrets(message, secrets);
    if (fields !== undefined && Object.keys(fields).length > 0)
      text += ` ${JSON.stringify(redact(fields, secrets))}`;
    sink({ level, message: text, timestamp: Date.now() / 1000 });
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warning", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
}
