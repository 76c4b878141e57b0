import {
  InMemoryTransport,
  Plugin,
  PluginRuntime,
  type Session,
  type SessionExtension,
  silentLogger,
} from "@x/core";

/** One reverse call as the daemon received it. */
export type Call = { sessionId: string; id: string; type: string; request: Record<string, any> };
/** How the fake daemon answers one call. */
export type Reply = {
  response(data: unknown, message?: "stream" | "struct"): void;
  error(text: string): void;
  end(): void;
};

/**
 * Runs session bodies through the real `Plugin` + `PluginRuntime` over the in-memory pair, and plays the daemon
 * on the other end: every `invoke` frame is recorded and handed to `onInvoke`.
 */
export async function harness(extensions: SessionExtension[], onInvoke: (call: Call, reply: Reply) => void) {
  const plugin = new Plugin({ extensions });
  const bodies = new Map<string, (session: Session) => Promise<void>>();
  plugin.on("tool", "invoke_tool", (session) => bodies.get(session.id)?.(session));
  const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
  const runtime = new PluginRuntime({ plugin, transport: side, logger: silentLogger });
  const calls: Call[] = [];
  const ended: string[] = [];
  daemon.onmessage = (frame: any) => {
    if (frame.event !== "session") return;
    if (frame.data.type === "end") ended.push(frame.session_id);
    if (frame.data.type !== "invoke") return;
    const { type, backwards_request_id: id, request } = frame.data.data;
    const call: Call = { sessionId: frame.session_id, id, type, request };
    calls.push(call);
    const send = (data: object) =>
      void daemon.send({
        session_id: call.sessionId,
        event: "backwards_response",
        data: { backwards_request_id: id, ...data },
      });
    onInvoke(call, {
      response: (data, message = "struct") => send({ event: "response", message, data }),
      error: (text) => send({ event: "error", message: text, data: null }),
      end: () => send({ event: "end", message: "", data: null }),
    });
  };
  await daemon.start();
  await runtime.start();
  let next = 0;
  return {
    calls,
    ended,
    runtime,
    close: () => runtime.close(),
    /** Runs `body` inside a fresh daemon session and resolves with what it returns. */
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
        void daemon.send({
          session_id: sessionId,
          conversation_id: null,
          message_id: null,
          app_id: null,
          endpoint_id: null,
          context: null,
          event: "request",
          data: { user_id: "u", type: "tool", action: "invoke_tool", credentials: null },
        });
      });
    },
  };
}

/** Answers with `items` (as `stream` items when more than one is expected), then `end`. */
export function answer(items: unknown[], message: "stream" | "struct" = "struct") {
  return (_call: Call, reply: Reply) => {
    for (const item of items) reply.response(item, message);
    reply.end();
  };
}
