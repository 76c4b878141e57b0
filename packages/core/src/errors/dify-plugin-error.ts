import { brandError, CLASS_BRAND, type ErrorClass } from "./brand.js";

/**
 * Every error code the SDK uses, by name. Codes are prefixed `DIFY_ERR_` so they never collide with a plugin's own
 * codes (undici's `UND_ERR_*` convention). Feature packages add their codes by augmenting this interface:
 * `declare module "@x/core" { interface DifyErrorCodes { DIFY_ERR_TOOL_NOT_FOUND: true } }`.
 */
export interface DifyErrorCodes {
  /** A frame that is not valid JSON or does not match the protocol. */
  DIFY_ERR_PROTOCOL: true;
  /** A frame over the line limit. */
  DIFY_ERR_FRAME_TOO_LARGE: true;
  /** The daemon answered a reverse call with an error. */
  DIFY_ERR_INVOCATION_FAILED: true;
  /** A reverse call ran out of time. */
  DIFY_ERR_INVOCATION_TIMEOUT: true;
  /** The caller's signal aborted the operation. */
  DIFY_ERR_ABORTED: true;
  /** The connection to the daemon closed. */
  DIFY_ERR_CONNECTION_CLOSED: true;
  /** A reverse call outlived its session. */
  DIFY_ERR_SESSION_CLOSED: true;
  /** A session ran past its time budget. */
  DIFY_ERR_SESSION_TIMEOUT: true;
  /** The manifest does not permit a reverse call. */
  DIFY_ERR_PERMISSION_DENIED: true;
  /** Input the SDK, the daemon or Dify would reject. */
  DIFY_ERR_VALIDATION: true;
  /** A bad configuration value. */
  DIFY_ERR_CONFIG: true;
  /** No handler for a request's `(type, action)`. */
  DIFY_ERR_HANDLER_NOT_FOUND: true;
  /** The registration would be rejected; nothing was sent. */
  DIFY_ERR_REGISTRATION_INVALID: true;
  /** The daemon rejected the registration. */
  DIFY_ERR_REGISTRATION_REJECTED: true;
  /** The daemon's remote-debugging port could not be reached. */
  DIFY_ERR_DAEMON_UNREACHABLE: true;
  /** Serverless: the daemon no longer knows the session. */
  DIFY_ERR_SESSION_NOT_FOUND: true;
  /** A serverless reverse-call body over the daemon's limit. */
  DIFY_ERR_PAYLOAD_TOO_LARGE: true;
  /** A storage write over the plugin's quota. */
  DIFY_ERR_STORAGE_SIZE_LIMIT: true;
  /** A file upload failed. */
  DIFY_ERR_FILE_UPLOAD: true;
  /** A reassembled blob over the size limit. */
  DIFY_ERR_BLOB_TOO_LARGE: true;
  /** A chunked blob that never ended. */
  DIFY_ERR_BLOB_INCOMPLETE: true;
  /** A chunked blob whose bytes disagree with its declared length. */
  DIFY_ERR_BLOB_LENGTH_MISMATCH: true;
  /** A malformed blob chunk. */
  DIFY_ERR_BLOB_CHUNK: true;
  /** A session extension that the plugin did not install was used. */
  DIFY_ERR_EXTENSION_NOT_INSTALLED: true;
  /** A request over the concurrent-session limit. */
  DIFY_ERR_SESSION_LIMIT: true;
  /** A model session tried a reverse call (§4.2). */
  DIFY_ERR_REVERSE_CALL_REFUSED: true;
  /** The plugin is shutting down. */
  DIFY_ERR_SHUTDOWN: true;
}

/** A stable, machine-readable SDK error code (`DIFY_ERR_*`). */
export type ErrorCode = keyof DifyErrorCodes;

/** Options accepted by every SDK error constructor. */
export interface DifyPluginErrorOptions {
  /** The underlying error or raw payload that caused this one. */
  cause?: unknown;
}

/**
 * Root of every error the SDK throws; each subclass has a stable `code` (`DIFY_ERR_*`).
 *
 * `Class.isInstance(error)` is true for an instance of `Class` or of any subclass, even one created by another copy
 * of the package (a duplicated bundle): every class stamps a `Symbol.for` brand on its prototype, so an instance
 * carries the brand of each class in its chain (MCP's cross-bundle brand, the AI SDK's per-class markers).
 */
export class DifyPluginError extends Error {
  /** Stable machine-readable code, e.g. `DIFY_ERR_INVOCATION_TIMEOUT`. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: DifyPluginErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }

  /**
   * True when `error` is an instance of this class (or a subclass), from any copy of the package. Each class has
   * its own copy (set by `brandError`), so the method also works unbound: `errors.filter(ConfigError.isInstance)`.
   */
  static isInstance<T>(this: ErrorClass<T>, error: unknown): error is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class isInstance was called on (a subclass too)
    const mark = (this as unknown as { [CLASS_BRAND]?: symbol })[CLASS_BRAND];
    return (
      mark !== undefined &&
      typeof error === "object" &&
      error !== null &&
      (error as Record<symbol, unknown>)[mark] === true
    );
  }
}

brandError(DifyPluginError, "DifyPluginError");
