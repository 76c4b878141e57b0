import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions, type ErrorCode } from "./dify-plugin-error.js";

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
  /** `message` parsed from a JSON error text, when there was one. */
  readonly errorMessage: string | undefined;

  constructor(details: InvocationErrorDetails, options: DifyPluginErrorOptions & { code?: ErrorCode } = {}) {
    const parsed = parseNestedError(details.daemonMessage);
    // The daemon's text already names the call ("invoke tool failed: ..."), so it is the message as-is: this is
    // what a handler that does not catch the error reports to Dify, exactly like the Python SDK.
    const text = parsed ? `${parsed.errorType}: ${parsed.message}` : details.daemonMessage;
    super(
      options.code ?? "DIFY_ERR_INVOCATION_FAILED",
      text || `${details.invokeType} invocation failed`,
      options,
    );
    this.invokeType = details.invokeType;
    this.backwardsRequestId = details.backwardsRequestId;
    this.daemonMessage = details.daemonMessage;
    this.errorType = parsed?.errorType;
    this.errorMessage = parsed?.message;
  }
}

brandError(InvocationError, "InvocationError");

/**
 * Finds `{"error_type": ..., "message": ...}` in a daemon error text. The JSON may follow a prefix
 * (`request failed: {...}`) and may itself wrap another JSON error in `message` (Dify nests
 * `PluginInvokeError` around the plugin's own error), in which case the innermost one wins.
 */
function parseNestedError(text: string, depth = 0): { errorType: string; message: string } | undefined {
  if (depth > 4) return undefined;
  const start = text.indexOf("{");
  if (start === -1) return undefined;
  const end = text.lastIndexOf("}");
  if (end <= start) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.error_type !== "string" || typeof record.message !== "string") return undefined;
  return (
    parseNestedError(record.message, depth + 1) ?? { errorType: record.error_type, message: record.message }
  );
}
