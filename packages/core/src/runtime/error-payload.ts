import { DifyPluginError } from "../errors/dify-plugin-error.js";
import type { ErrorPayload } from "../protocol/session-message.js";

/**
 * Turns a thrown value into the `error` session payload the daemon accepts:
 * `error_type` = the error's name, `message`, and `args.traceback` (plus `args.code` for SDK errors).
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof Error || DifyPluginError.isInstance(error)) {
    const err = error as Error;
    const args: Record<string, unknown> = { traceback: err.stack ?? `${err.name}: ${err.message}` };
    if (DifyPluginError.isInstance(error)) args.code = error.code;
    return { error_type: err.name || "Error", message: String(err.message), args };
  }
  return {
    error_type: "Exception",
    message: typeof error === "string" ? error : safeString(error),
    args: {},
  };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
