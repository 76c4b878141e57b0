import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  backwardsFrame,
  type Frame,
  type Harness,
  linkedRuntime,
  requestFrame,
} from "./support/linked-runtime.js";

type CallScript = {
  responses: number;
  error: boolean;
  duplicateEnd: boolean;
  afterEnd: boolean;
  silent: boolean;
};
type Action =
  | { kind: "request"; calls: CallScript[] }
  | { kind: "garbage"; text: string }
  | { kind: "huge" }
  | { kind: "unknownEvent"; event: string }
  | { kind: "strayResponse"; event: "response" | "error" | "end" };

const callScript = fc.record({
  responses: fc.nat(3),
  error: fc.boolean(),
  duplicateEnd: fc.boolean(),
  afterEnd: fc.boolean(),
  silent: fc.boolean(),
});

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("request" as const),
      calls: fc.array(callScript, { maxLength: 3 }),
    }),
  },
  fc.record({
    kind: fc.constant("garbage" as const),
    text: fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, " ")),
  }),
  fc.record({ kind: fc.constant("huge" as const) }),
  fc.record({
    kind: fc.constant("unknownEvent" as const),
    event: fc.string({ maxLength: 10 }).filter((e) => e !== "request" && e !== "backwards_response"),
  }),
  fc.record({
    kind: fc.constant("strayResponse" as const),
    event: fc.constantFrom("response" as const, "error" as const, "end" as const),
  }),
);

const MAX_INBOUND = 4096;
const IDLE_MS = 1000;
const SESSION_BUDGET_MS = 1_000_000;

afterEach(() => {
  vi.useRealTimers();
});

/** The fake daemon answers each `invoke` by the script of its (session, call index). */
function answer(frame: Frame, h: Harness, scripts: Map<string, CallScript[]>): void {
  if (frame.data?.type !== "invoke") return;
  const sid = frame.session_id as string;
  const { backwards_request_id: id, request } = frame.data.data;
  const script = scripts.get(sid)?.[request.i as number];
  if (!script || script.silent) return;
  const lines: object[] = [];
  for (let r = 0; r < script.responses; r++) lines.push(backwardsFrame(sid, id, "response", { data: { r } }));
  if (script.error) lines.push(backwardsFrame(sid, id, "error", { message: "invoke tool failed: nope" }));
  lines.push(backwardsFrame(sid, id, "end"));
  if (script.duplicateEnd) lines.push(backwardsFrame(sid, id, "end"));
  if (script.afterEnd) lines.push(backwardsFrame(sid, id, "response", { data: "late" }));
  h.daemon.sendRaw(lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
}

describe("dispatcher fuzz", () => {
  it("survives any mix of requests, garbage, huge lines, unknown events and stray/duplicate/late answers without leaking, with or without a session budget", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        async (actions, cuts, withBudget) => {
          vi.useFakeTimers();
          const scripts = new Map<string, CallScript[]>();
          const h = await linkedRuntime(
            (plugin) =>
              plugin.on("tool", "invoke_tool", async (session, data) => {
                const calls = data.calls as number;
                const results = await Promise.all(
                  Array.from({ length: calls }, (_, i) =>
                    session
                      .invoke("tool", { i }, { idleTimeout: IDLE_MS })
                      .toArray()
                      .then((items) => items.length)
                      .catch((error: { code?: string }) => error.code ?? "error"),
                  ),
                );
                return results;
              }),
            {
              onFrame: (frame, h) => answer(frame, h, scripts),
              limits: { plugin: { maxInboundLine: MAX_INBOUND } },
              // A budget far beyond the run: every session's deadline timer must be gone once it ends.
              ...(withBudget ? { sessionTimeout: SESSION_BUDGET_MS } : {}),
            },
          );

          let text = "";
          let bad = 0;
          let expectedDropped = 0;
          const sessions: string[] = [];
          actions.forEach((a, index) => {
            switch (a.kind) {
              case "request": {
                const sid = `session-${index}`;
                sessions.push(sid);
                scripts.set(sid, a.calls);
                for (const call of a.calls) {
                  if (call.silent) continue;
                  if (call.duplicateEnd) expectedDropped++;
                  if (call.afterEnd) expectedDropped++;
                }
                text += `${JSON.stringify(requestFrame(sid, { calls: a.calls.length }))}\n`;
                return;
              }
              case "garbage":
                bad++;
                text += `garbage:${a.text}\n`;
                return;
              case "huge":
                bad++;
                text += `{"event":"request","pad":"${"x".repeat(MAX_INBOUND * 3)}"}\n`;
                return;
              case "unknownEvent":
                bad++;
                text += `${JSON.stringify({ session_id: "x", event: a.event, data: {} })}\n`;
                return;
              case "strayResponse":
                expectedDropped++;
                text += `${JSON.stringify(backwardsFrame("nobody", `stray-${index}`, a.event))}\n`;
                return;
            }
          });
          // Random cut points: frames arrive split across reads and merged within reads (all ASCII here).
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
          let last = 0;
          for (const p of [...points, text.length]) {
            if (p > last) h.daemon.sendRaw(text.slice(last, p));
            last = p;
          }

          const allEnded = () =>
            sessions.every((sid) => h.frames.some((f) => f.session_id === sid && f.data?.type === "end"));
          await vi.advanceTimersByTimeAsync(1);
          for (let round = 0; round < 20 && !allEnded(); round++) await vi.advanceTimersByTimeAsync(IDLE_MS);

          expect(allEnded()).toBe(true);
          for (const sid of sessions) {
            const frames = h.sessionFrames(sid);
            expect(frames.filter((f) => f.data.type === "end")).toHaveLength(1);
            expect(frames.at(-1)!.data.type).toBe("end");
            const calls = scripts.get(sid)!;
            const result = frames.find((f) => f.data.type === "stream")!.data.data as Array<number | string>;
            expect(result).toEqual(
              calls.map((c) =>
                c.silent
                  ? "DIFY_ERR_INVOCATION_TIMEOUT"
                  : c.error
                    ? "DIFY_ERR_INVOCATION_FAILED"
                    : c.responses,
              ),
            );
          }
          expect(h.runtime.stats()).toEqual({
            inFlight: 0,
            sessions: 0,
            bufferedBytes: 0,
            paused: false,
            dropped: expectedDropped,
            badFrames: bad,
            refused: 0,
            congested: false,
          });
          expect(vi.getTimerCount()).toBe(0);

          // The loop is still alive: a fresh session is served normally.
          scripts.set("after", [
            { responses: 2, error: false, duplicateEnd: false, afterEnd: false, silent: false },
          ]);
          await h.send(requestFrame("after", { calls: 1 }));
          await vi.advanceTimersByTimeAsync(0);
          await h.ended("after");
          expect(h.sessionFrames("after").find((f) => f.data.type === "stream")!.data.data).toEqual([2]);
          await h.runtime.close();
          vi.useRealTimers();
        },
      ),
      { numRuns: 60 },
    );
  });
});
