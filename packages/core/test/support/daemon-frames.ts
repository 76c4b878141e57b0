// Frames the daemon sends, shared by the fake daemons of the tests and the benches. No test-runner imports here:
// the benches load this file outside vitest.

/** A request frame shaped like the Go daemon's (§2.1); `data` defaults to a `tool/invoke_tool` request. */
export function requestFrame(
  sessionId: string,
  data: Record<string, unknown>,
  envelope: Record<string, unknown> = {},
) {
  return {
    session_id: sessionId,
    conversation_id: null,
    message_id: null,
    app_id: null,
    endpoint_id: null,
    context: null,
    event: "request",
    data: { user_id: "u", credentials: null, type: "tool", action: "invoke_tool", ...data },
    ...envelope,
  };
}

/** A `backwards_response` frame (a `response` defaults to a `stream` message). */
export function backwardsFrame(
  sessionId: string,
  id: string,
  event: "response" | "error" | "end",
  extra: { message?: string; data?: unknown } = {},
) {
  return {
    session_id: sessionId,
    event: "backwards_response",
    data: {
      backwards_request_id: id,
      event,
      message: extra.message ?? (event === "response" ? "stream" : ""),
      data: extra.data ?? null,
    },
  };
}
