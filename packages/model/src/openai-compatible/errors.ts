import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/**
 * Dify's invoke error kinds (the Python SDK's `dify_plugin/errors/model.py`): Dify shows a message per kind and
 * retries `rate_limit`, `connection` and `server_unavailable` where it load-balances.
 */
export type InvokeErrorKind =
  | "authorization"
  | "rate_limit"
  | "server_unavailable"
  | "connection"
  | "bad_request";

/** The `error_type` Dify reads for each kind (the Python SDK's class names, matched by name on Dify's side). */
export const INVOKE_ERROR_TYPES = {
  authorization: "InvokeAuthorizationError",
  rate_limit: "InvokeRateLimitError",
  server_unavailable: "InvokeServerUnavailableError",
  connection: "InvokeConnectionError",
  bad_request: "InvokeBadRequestError",
} as const satisfies Record<InvokeErrorKind, string>;

/** Options of {@link OpenAICompatibleError}. */
export interface OpenAICompatibleErrorOptions extends DifyPluginErrorOptions {
  /** HTTP status the server answered, when it answered. */
  status?: number | undefined;
  /** The server's own error code (`invalid_api_key`, `rate_limit_exceeded`, ...), when it sent one. */
  serverCode?: string | undefined;
  /** `retry-after` of a 429/503, in milliseconds, when the server sent one. */
  retryAfterMs?: number | undefined;
}

/**
 * A request to an OpenAI-compatible server failed. `kind` is Dify's invoke error kind and `name` its
 * `error_type` (`InvokeRateLimitError`, ...), so the error reaches Dify as the kind it retries or reports. The
 * message never holds the API key (it is masked even when the server echoes it).
 */
export class OpenAICompatibleError extends DifyPluginError {
  /** Dify's kind of failure. */
  readonly kind: InvokeErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The server's error code, when it sent one. */
  readonly serverCode: string | undefined;
  /** How long the server asked to wait, in milliseconds (`retry-after`). */
  readonly retryAfterMs: number | undefined;
  /** The text Dify shows (`args.description` in the Python SDK's error payload). */
  readonly description: string;

  constructor(kind: InvokeErrorKind, message: string, options: OpenAICompatibleErrorOptions = {}) {
    super("DIFY_ERR_MODEL_INVOKE", message, options);
    this.name = INVOKE_ERROR_TYPES[kind];
    this.kind = kind;
    this.status = options.status;
    this.serverCode = options.serverCode;
    this.retryAfterMs = options.retryAfterMs;
    this.description = message;
  }
}

brandError(OpenAICompatibleError, "OpenAICompatibleError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `OpenAICompatibleError`: the model server refused or failed a call. */
    DIFY_ERR_MODEL_INVOKE: true;
  }
}

/** The invoke error kind of an HTTP status (401/403 authorization, 429 rate limit, 5xx unavailable, else bad request). */
export function kindOfStatus(status: number): InvokeErrorKind {
  if (status === 401 || status === 403) return "authorization";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "server_unavailable";
  return "bad_request";
}
