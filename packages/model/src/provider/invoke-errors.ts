import { DifyPluginError } from "@x/core";
import { brandError, type DifyPluginErrorOptions } from "@x/core/internal";

// The error kinds Dify tells apart when a model call fails (§3.3): the session's `error_type` is the class name,
// the same names the Python SDK's `errors/model.py` raises, so Dify shows the right message and retries where it
// should. Throw them from a model's handlers; `invokeErrorForStatus` picks one for an HTTP status.

/** Options of the invoke errors: the cause, and the upstream HTTP status when there was one. */
export interface InvokeErrorOptions extends DifyPluginErrorOptions {
  /** The upstream HTTP status, when the model's API answered with one. */
  status?: number;
}

/** A model call failed (base of the kinds below; thrown as is, Dify treats it as a generic failure). */
export class InvokeError extends DifyPluginError {
  /** The upstream HTTP status, when known. */
  readonly status: number | undefined;

  constructor(message: string, options: InvokeErrorOptions = {}) {
    super(codeOf(new.target), message, options);
    this.status = options.status;
  }
}
brandError(InvokeError, "InvokeError");

/** The model's API refused the credentials (401/403). */
export class InvokeAuthorizationError extends InvokeError {}
brandError(InvokeAuthorizationError, "InvokeAuthorizationError");

/** The model's API is rate limiting (429); Dify may retry later. */
export class InvokeRateLimitError extends InvokeError {}
brandError(InvokeRateLimitError, "InvokeRateLimitError");

/** The model's API could not be reached, or the connection dropped mid-answer. */
export class InvokeConnectionError extends InvokeError {}
brandError(InvokeConnectionError, "InvokeConnectionError");

/** The model's API is down or overloaded (5xx). */
export class InvokeServerUnavailableError extends InvokeError {}
brandError(InvokeServerUnavailableError, "InvokeServerUnavailableError");

/** The model's API rejected the request itself (400, 404, 422...): retrying will not help. */
export class InvokeBadRequestError extends InvokeError {}
brandError(InvokeBadRequestError, "InvokeBadRequestError");

/** Credentials a user entered do not work; throw it from `validateCredentials`. */
export class CredentialsValidateFailedError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_MODEL_CREDENTIALS_INVALID", message, options);
  }
}
brandError(CredentialsValidateFailedError, "CredentialsValidateFailedError");

function codeOf(cls: abstract new (...args: never[]) => InvokeError) {
  if (cls === InvokeAuthorizationError) return "DIFY_ERR_MODEL_AUTHORIZATION" as const;
  if (cls === InvokeRateLimitError) return "DIFY_ERR_MODEL_RATE_LIMIT" as const;
  if (cls === InvokeConnectionError) return "DIFY_ERR_MODEL_CONNECTION" as const;
  if (cls === InvokeServerUnavailableError) return "DIFY_ERR_MODEL_SERVER_UNAVAILABLE" as const;
  if (cls === InvokeBadRequestError) return "DIFY_ERR_MODEL_BAD_REQUEST" as const;
  return "DIFY_ERR_MODEL_INVOKE" as const;
}

/**
 * The invoke error for an upstream HTTP status: 401/403 authorization, 429 rate limit, 408 and 5xx server
 * unavailable, other 4xx bad request, anything else the base `InvokeError`. `message` must not contain secrets.
 */
export function invokeErrorForStatus(
  status: number,
  message: string,
  options: DifyPluginErrorOptions = {},
): InvokeError {
  const withStatus = { ...options, status };
  if (status === 401 || status === 403) return new InvokeAuthorizationError(message, withStatus);
  if (status === 429) return new InvokeRateLimitError(message, withStatus);
  if (status === 408 || (status >= 500 && status <= 599))
    return new InvokeServerUnavailableError(message, withStatus);
  if (status >= 400 && status <= 499) return new InvokeBadRequestError(message, withStatus);
  return new InvokeError(message, withStatus);
}

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `InvokeError`. */
    DIFY_ERR_MODEL_INVOKE: true;
    /** Code of `InvokeAuthorizationError`. */
    DIFY_ERR_MODEL_AUTHORIZATION: true;
    /** Code of `InvokeRateLimitError`. */
    DIFY_ERR_MODEL_RATE_LIMIT: true;
    /** Code of `InvokeConnectionError`. */
    DIFY_ERR_MODEL_CONNECTION: true;
    /** Code of `InvokeServerUnavailableError`. */
    DIFY_ERR_MODEL_SERVER_UNAVAILABLE: true;
    /** Code of `InvokeBadRequestError`. */
    DIFY_ERR_MODEL_BAD_REQUEST: true;
    /** Code of `CredentialsValidateFailedError`. */
    DIFY_ERR_MODEL_CREDENTIALS_INVALID: true;
  }
}
