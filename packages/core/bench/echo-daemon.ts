import type { InMemoryTransport } from "../src/index.js";

type Frame = {
  event?: string;
  session_id?: string;
  data?: { type?: string; data?: { backwards_request_id?: string } };
};

/** The daemon half of the benches: answers every `invoke` with one `response` and an `end`. */
export function answerInvokes(
  daemon: InMemoryTransport,
  onEnd: (sessionId: string, frame: Frame) => void,
): void {
  daemon.onmessage = (raw) => {
    const frame = raw as Frame;
    const type = frame.data?.type;
    if (type === "invoke") {
      const id = frame.data?.data?.backwards_request_id ?? "";
      const sessionId = frame.session_id ?? "";
      void daemon.send(responseFrame(sessionId, id));
      void daemon.send(endFrameFor(sessionId, id));
    } else if (type === "end") {
      onEnd(frame.session_id ?? "", frame);
    }
  };
}

/** A `response` event carrying a small tool message, like a text reply. */
export function responseFrame(sessionId: string, id: string) {
  return {
    session_id: sessionId,
    event: "backwards_response",
    data: {
      backwards_request_id: id,
      event: "response",
      message: "stream",
      data: { type: "text", message: { text: "ok" }, meta: null },
    },
  };
}

/** The `end` event of a reverse call. */
export function endFrameFor(sessionId: string, id: string) {
  return {
    session_id: sessionId,
    event: "backwards_response",
    data: { backwards_request_id: id, event: "end", message: "", data: null },
  };
}

/** A request frame for a bench action. */
export function benchRequest(sessionId: string, action: string, data: Record<string, unknown>) {
  return {
    session_id: sessionId,
    conversation_id: null,
    message_id: null,
    app_id: null,
    endpoint_id: null,
    context: null,
    event: "request",
    data: { user_id: "u", type: "bench", action, credentials: {}, ...data },
  };
}
