const BRAND = Symbol.for("x.dify-plugin.error");

/** Stable, machine-readable error codes defined by `@x/core`. Feature packages add their own strings. */
export type CoreErrorCode =
  | "protocol_error"
  | "frame_too_large"
  | "invocation_failed"
  | "invocation_timeout"
  | "aborted"
  | "connection_closed"
  | "session_closed"
  | "session_timeout"
  | "permission_denied"
  | "validation_error"
  | "config_error"
  | "handler_not_found"
  | "registration_invalid"
  | "registration_rejected"
  | "daemon_unreachable"
  | "session_not_found"
  | "payload_too_large";

/** Options accepted by every SDK error constructor. */
export interface DifyPluginErrorOptions {
  /** The underlying error or raw payload that caused this one. */
  cause?: unknown;
}

/**
 * Root of every error the SDK throws. Each subclass has a stable string `code`.
 * `isInstance` works across duplicated copies of the package (it checks a `Symbol.for` brand, not the prototype).
 */
export class DifyPluginError extends Error {
  /** Stable machine-readable code, e.g. `invocation_timeout`. */
  readonly code: string;
  readonly [BRAND] = true;

  constructor(code: string, message: string, options: DifyPluginErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }

  /** True when `error` is any SDK error, even one thrown by another copy of the package. */
  static isInstance(error: unknown): error is DifyPluginError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Builds the `isInstance` guard of a subclass from its code (brand + code, so it survives duplicated bundles). */
export function hasCode<T extends DifyPluginError>(error: unknown, code: string): error is T {
  return DifyPluginError.isInstance(error) && error.code === code;
}
