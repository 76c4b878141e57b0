import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "./dify-plugin-error.js";

/** Fields shared by every error about one reverse call. */
export interface InvocationErrorDetails {
  /** The invoke type, e.g. `tool` or `node_question_classifier`. */
  invokeType: string;
  /** The `backwards_request_id` of the call. */
  backwardsRequestId: string;
  /** The daemon's error text, verbatim. */
  daemonMessage: string;
}

/**
 * The daemon answered a reverse call with an `error` event.
 * When its text is JSON carrying `error_type`/`message` (Dify nests plugin errors that way), both are parsed out.
 */
export class InvocationError extends DifyPluginError {
  /** The invoke type, e.g. `tool`. */
  readonly invokeType: string;
  /** The `backwards_request_id` of the failed call. */
  readonly backwardsRequestId: string;
  /** The daemon's error text, verbatim. */
  readonly daemonMessage: string;
  /** `error_type` parsed from a JSON error text, when there was one. */
  readonly errorType: string | undefined;

  constructor(details: InvocationErrorDetails, options: DifyPluginErrorOptions & { code?: string } = {}) {
    const parsed = parseNestedError(details.daemonMessage);
    const text = parsed ? `${parsed.errorType}: ${parsed.message}` : details.daemonMessage;
    super(options.code ?? "invocation_failed", `${details.invokeType} invocation failed: ${text}`, options);
    this.invokeType = details.invokeType;
    this.backwardsRequestId = details.backwardsRequestId;
    this.daemonMessage = details.daemonMessage;
    this.errorType = parsed?.errorType;
  }

  /** True for an `InvocationError` (or subclass) from any copy of the package. */
  static override isInstance(error: unknown): error is InvocationError {
    return hasCode(error, "invocation_failed") || hasCode(error, "permission_denied");
  }
}

function parseNestedError(text: string): { errorType: string; message: string } | undefined {
  const start = text.indexOf("{");
  if (start === -1) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start));
    if (typeof value !== "object" || value === null) return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record.error_type === "string" && typeof record.message === "string") {
      return { errorType: record.error_type, message: record.message };
    }
  } catch {
    // not JSON: the plain text is the message
  }
  return undefined;
}
