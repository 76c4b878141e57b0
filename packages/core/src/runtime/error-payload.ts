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

/** Room kept for the frame around an error payload (envelope, keys, JSON escaping slack). */
const FRAME_OVERHEAD = 4096;

/**
 * The error payload as it may be sent: every text masked with `mask` (secret values), and, when the frame would
 * not fit in `maxLine` bytes, `message` and `args.traceback` cut with a marker saying how much was dropped (a
 * frame over the daemon's line limit would be dropped, and the session would end as a success). Other `args`
 * keys are dropped then.
 */
export function safeErrorPayload(
  payload: ErrorPayload,
  maxLine: number,
  mask: (text: string) => string = (text) => text,
): ErrorPayload {
  const masked: ErrorPayload = {
    error_type: mask(payload.error_type),
    message: mask(payload.message),
    args:
      payload.args === null
        ? null
        : Object.fromEntries(
            Object.entries(payload.args).map(([key, value]) => [
              key,
              typeof value === "string" ? mask(value) : value,
            ]),
          ),
  };
  const budget = Math.max(1024, maxLine - FRAME_OVERHEAD);
  if (Buffer.byteLength(JSON.stringify(masked), "utf8") <= budget) return masked;
  const traceback = typeof masked.args?.traceback === "string" ? masked.args.traceback : "";
  return {
    error_type: cut(masked.error_type, 256),
    message: cut(masked.message, Math.floor((budget * 3) / 4)),
    args: traceback ? { traceback: cut(traceback, Math.floor(budget / 4) - 512) } : null,
  };
}

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes (JSON escaping can at most double them, which the budget allows
 * for), with a marker of what was dropped.
 */
function cut(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text, "utf8");
  const limit = Math.max(64, Math.floor(maxBytes / 2));
  if (bytes <= limit) return text;
  const kept = Buffer.from(text, "utf8")
    .subarray(0, limit)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return `${kept}… [truncated: ${bytes - Buffer.byteLength(kept, "utf8")} of ${bytes} bytes dropped]`;
}
