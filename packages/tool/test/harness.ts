import { readFileSync } from "node:fs";
import { InMemoryTransport, type Plugin, PluginRuntime, silentLogger } from "@x/core";

export const TRANSCRIPTS = new URL("../../../conformance/python-sdk-0.10.1/", import.meta.url);

/** The `session` frames the Python SDK wrote in a transcript, one JSON text each (split on \n only: U+2028 is data). */
export function transcriptSessionLines(name: string): string[] {
  const text = readFileSync(new URL(`${name}.plugin-stdout.txt`, TRANSCRIPTS), "utf8");
  return text.split("\n").filter((line) => line.startsWith('{"event":"session"'));
}

/** The daemon's input lines of a transcript. */
export function transcriptDaemonFrames(name: string): Array<Record<string, unknown>> {
  const text = readFileSync(new URL(`${name}.daemon-stdin.txt`, TRANSCRIPTS), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

type Frame = { event: string; session_id: string; data: { type: string; data: Record<string, unknown> } };

/**
 * Runs `plugin` over the in-memory pair and plays the daemon: records every frame the plugin sends (as the JSON
 * text it was encoded to) and lets the test answer reverse calls.
 */
export async function startHarness(
  plugin: Plugin,
  options: { onInvoke?: (frame: Frame, reply: Replier) => void } = {},
) {
  const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
  const runtime = new PluginRuntime({ plugin, transport: side, logger: silentLogger });
  const frames: Frame[] = [];
  const lines: string[] = [];
  const waiters = new Map<string, () => void>();
  daemon.onmessage = (value) => {
    const frame = value as Frame;
    if (frame.event !== "session") return;
    frames.push(frame);
    // JSON.parse then JSON.stringify reproduces the line the plugin encoded (same key order, same escapes).
    lines.push(JSON.stringify(frame));
    if (frame.data.type === "invoke" && options.onInvoke) {
      const id = frame.data.data.backwards_request_id as string;
      options.onInvoke(frame, replier(daemon, frame.session_id, id));
    }
    if (frame.data.type === "end") waiters.get(frame.session_id)?.();
  };
  await daemon.start();
  await runtime.start();
  return {
    frames,
    lines,
    daemon,
    runtime,
    /** Sends a request frame and resolves with the session's frames once it has ended. */
    async request(frame: Record<string, unknown>): Promise<Frame[]> {
      const sessionId = frame.session_id as string;
      const ended = new Promise<void>((resolve) => waiters.set(sessionId, resolve));
      await daemon.send(frame);
      await ended;
      return frames.filter((f) => f.session_id === sessionId);
    },
    async close() {
      await runtime.close();
    },
  };
}

/** Answers one reverse call from the daemon side. */
export interface Replier {
  readonly id: string;
  item(data: unknown): Promise<void>;
  end(): Promise<void>;
  error(message: string): Promise<void>;
}

function replier(daemon: InMemoryTransport, sessionId: string, id: string): Replier {
  const send = (event: string, message: string, data: unknown) =>
    daemon.send({
      session_id: sessionId,
      event: "backwards_response",
      data: { backwards_request_id: id, event, message, data },
    });
  return {
    id,
    item: (data) => send("response", "stream", data),
    end: () => send("end", "", null),
    error: (message) => send("error", message, null),
  };
}

/** A `request` frame for a tool action. */
export function toolRequest(
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
    ...envelope,
    event: "request",
    data: { type: "tool", user_id: "user-1", credentials: {}, credential_type: "api-key", ...data },
  };
}
