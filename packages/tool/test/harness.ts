import { readFileSync } from "node:fs";
import type { Plugin } from "@x/core";
import { createTestHarness, type DaemonRequestOptions, type MockDify } from "@x/testing";
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
  /** Sends a request like the daemon and resolves with the session's frames once it has ended. */
  const send = async (
    type: string,
    action: string,
    data: Record<string, unknown>,
    options: DaemonRequestOptions & { sessionId: string },
  ): Promise<Frame[]> => {
    await harness.request(type, action, data, options);
    return frames.filter((f) => f.session_id === options.sessionId);
  };
  return {
    frames,
    lines,
    dify: harness.dify,
    send,
    /** A `tool` request (`data.action` and its fields; user, credentials and credential type defaulted). */
    tool: (sessionId: string, data: Record<string, unknown>) => {
      const { action, ...fields } = data;
      const defaults = { user_id: "user-1", credentials: {}, credential_type: "api-key" };
      return send("tool", String(action), { ...defaults, ...fields }, { sessionId });
    },
    /** Sends a daemon request frame as recorded (envelope and `data`), e.g. from a transcript. */
    request: (frame: Record<string, unknown>) => {
      const { type, action, ...data } = frame.data as Record<string, unknown>;
      const envelope = (key: string) => (frame[key] ?? null) as string | null;
      return send(String(type), String(action), data, {
        sessionId: String(frame.session_id),
        conversationId: envelope("conversation_id"),
        messageId: envelope("message_id"),
        appId: envelope("app_id"),
        endpointId: envelope("endpoint_id"),
        ...(frame.context ? { context: frame.context as Record<string, unknown> } : {}),
      });
    },
  };
}
