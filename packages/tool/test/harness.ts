import { readFileSync } from "node:fs";
import type { Plugin } from "@x/core";
import { createTestHarness, type MockDify } from "@x/testing";
import { onTestFinished } from "vitest";

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

type Frame = { event: string; session_id: string; data: { type: string; data: Record<string, any> } };

/**
 * Runs `plugin` under @x/testing's harness (reverse calls answered by `dify`) and records every session frame the
 * plugin sends, as decoded and as the JSON text it was encoded to. Closed when the test finishes.
 */
export function startHarness(plugin: Plugin, options: { dify?: MockDify } = {}) {
  const frames: Frame[] = [];
  const lines: string[] = [];
  const harness = createTestHarness(plugin, {
    ...(options.dify ? { dify: options.dify } : {}),
    observe: (direction, value) => {
      const frame = value as Frame;
      if (direction !== "in" || frame.event !== "session") return;
      frames.push(frame);
      // The plugin encodes with JSON.stringify; stringifying what JSON.parse read back gives the same text.
      lines.push(JSON.stringify(frame));
    },
  });
  onTestFinished(() => harness.close());
  return {
    frames,
    lines,
    dify: harness.dify,
    /** Sends a daemon request frame (envelope and `data`) and resolves with the session's frames once it has ended. */
    async request(frame: Record<string, unknown>): Promise<Frame[]> {
      const { type, action, ...data } = frame.data as Record<string, unknown>;
      const sessionId = String(frame.session_id);
      const envelope = (key: string) => (frame[key] ?? null) as string | null;
      await harness.request(String(type), String(action), data, {
        sessionId,
        conversationId: envelope("conversation_id"),
        messageId: envelope("message_id"),
        appId: envelope("app_id"),
        endpointId: envelope("endpoint_id"),
        ...(frame.context ? { context: frame.context as Record<string, unknown> } : {}),
      });
      return frames.filter((f) => f.session_id === sessionId);
    },
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
