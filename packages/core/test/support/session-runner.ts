import { onTestFinished } from "vitest";
import { type PluginRuntime, type Session, silentLogger } from "../../src/index.js";
import { backwardsFrame, requestFrame } from "./daemon-frames.js";
import { linkedRuntime } from "./linked-runtime.js";

/** One reverse call as the fake daemon received it. */
export interface ReverseCall {
  sessionId: string;
  id: string;
  type: string;
  request: Record<string, any>;
}

/** How the fake daemon answers one reverse call. */
export interface Reply {
  /** One `response` event (`struct` unless told). */
  response(data: unknown, message?: string): void;
  /** An `error` event with the daemon's text. */
  error(text: string): void;
  /** The call's `end`. */
  end(): void;
}

/** What {@link startSessionRunner} returns. */
export interface SessionRunner {
  readonly runtime: PluginRuntime;
  /** Every reverse call, in order. */
  readonly calls: ReverseCall[];
  /** The ids of the sessions that have ended, in order. */
  readonly ended: string[];
  /** Runs `body` in a fresh `tool/invoke_tool` session; resolves with what it returned, rejects with what it threw. */
  run<T>(body: (session: Session) => Promise<T> | T): Promise<T>;
}

/**
 * The real runtime over the in-memory pair, running session bodies, while `onInvoke` plays the daemon's side of
 * every reverse call. The runtime closes when the test finishes.
 */
export async function startSessionRunner(
  onInvoke: (call: ReverseCall, reply: Reply) => void,
): Promise<SessionRunner> {
  const bodies = new Map<string, (session: Session) => Promise<void>>();
  const calls: ReverseCall[] = [];
  const ended: string[] = [];
  const linked = await linkedRuntime(
    (plugin) => plugin.on("tool", "invoke_tool", (session) => bodies.get(session.id)?.(session)),
    {
      logger: silentLogger,
      onFrame: (frame, h) => {
        if (frame.event !== "session") return;
        if (frame.data?.type === "end") ended.push(frame.session_id);
        if (frame.data?.type !== "invoke") return;
        const { type, backwards_request_id: id, request } = frame.data.data;
        const call: ReverseCall = { sessionId: frame.session_id, id, type, request };
        calls.push(call);
        const send = (event: "response" | "error" | "end", extra?: { message?: string; data?: unknown }) =>
          void h.send(backwardsFrame(call.sessionId, id, event, extra));
        onInvoke(call, {
          response: (data, message = "struct") => send("response", { message, data }),
          error: (text) => send("error", { message: text }),
          end: () => send("end"),
        });
      },
    },
  );
  onTestFinished(() => linked.runtime.close());
  let next = 0;
  return {
    runtime: linked.runtime,
    calls,
    ended,
    run<T>(body: (session: Session) => Promise<T> | T): Promise<T> {
      const sessionId = `s${++next}`;
      return new Promise<T>((resolve, reject) => {
        bodies.set(sessionId, async (session) => {
          try {
            resolve(await body(session));
          } catch (error) {
            reject(error);
          }
        });
        void linked.send(requestFrame(sessionId, {}));
      });
    },
  };
}
