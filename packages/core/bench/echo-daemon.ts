import type { InMemoryTransport } from "../src/index.js";
import { backwardsFrame, requestFrame } from "../test/support/daemon-frames.js";

const TEXT_REPLY = { type: "text", message: { text: "ok" }, meta: null };

type Frame = {
  event?: string;
  session_id?: string;
  data?: { type?: string; data?: { backwards_request_id?: string } };
};

/** The daemon half of the benches: answers every `invoke` with one `response` and an `end`. */
export function answerInvokes(
  daemon: InMemoryTransport<object>,
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
  return backwardsFrame(sessionId, id, "response", { data: TEXT_REPLY });
}

/** The `end` event of a reverse call. */
export function endFrameFor(sessionId: string, id: string) {
  return backwardsFrame(sessionId, id, "end");
}

/** A request frame for a bench action. */
export function benchRequest(sessionId: string, action: string, data: Record<string, unknown>) {
  return requestFrame(sessionId, { type: "bench", action, credentials: {}, ...data });
}
