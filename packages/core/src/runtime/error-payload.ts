import type { ErrorPayload } from "@x/protocol";

/**
 * Turns a thrown value into the `error` session payload the daemon accepts (§3.3): `error_type` = the error's
 * name, `message` = its message, `args.traceback` = its stack. Same keys as the Python SDK, so Dify-side code that
 * reads them works unchanged. Always valid: a payload the daemon cannot parse would be silently ignored.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (isErrorLike(error)) {
    const name = typeof error.name === "string" && error.name.length > 0 ? error.name : "Error";
    const message = typeof error.message === "string" ? error.message : safeString(error.message);
    const stack = typeof error.stack === "string" && error.stack.length > 0 ? error.stack : undefined;
    return { error_type: name, message, args: { traceback: stack ?? `${name}: ${message}` } };
  }
  const message = typeof error === "string" ? error : safeString(error);
  return { error_type: "Exception", message, args: { traceback: `Exception: ${message}` } };
}

function isErrorLike(value: unknown): value is { name?: unknown; message?: unknown; stack?: unknown } {
  return (
    value instanceof Error ||
    (typeof value === "object" && value !== null && "message" in value && "name" in value)
  );
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
