import type { ErrorPayload, InvokePayload, JsonObject } from "@x/protocol";

// Builders keep the key order of the Python SDK (`event`, `session_id`, `data`) so transcripts compare byte for byte.

/** A `stream` session frame carrying one reply item. */
export function streamFrame(sessionId: string, item: unknown) {
  return { event: "session", session_id: sessionId, data: { type: "stream", data: item } } as const;
}

/** An `invoke` session frame starting a reverse call. */
export function invokeFrame(sessionId: string, payload: InvokePayload) {
  return { event: "session", session_id: sessionId, data: { type: "invoke", data: payload } } as const;
}

/** An `error` session frame. */
export function errorFrame(sessionId: string, payload: ErrorPayload) {
  return { event: "session", session_id: sessionId, data: { type: "error", data: payload } } as const;
}

/** The `end` session frame; every session sends exactly one. */
export function endFrame(sessionId: string) {
  return { event: "session", session_id: sessionId, data: { type: "end", data: {} as JsonObject } } as const;
}

/** A top-level `error` frame, used to answer a line the plugin could not parse (§1.2). */
export function topLevelErrorFrame(error: string) {
  return { event: "error", session_id: null, data: { error } } as const;
}
