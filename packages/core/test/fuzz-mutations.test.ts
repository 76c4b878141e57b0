import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  backwardsFrame,
  type Frame,
  type Harness,
  linkedRuntime,
  requestFrame,
} from "./support/linked-runtime.js";

// The mutation fuzzer of the reliability review, in CI: frames recorded from the Python SDK's daemon sessions,
// mutated (bytes flipped, cut, repeated, ids redirected to live calls, events swapped), fed to a runtime whose
// handlers abandon their answers in every way a plugin can (read all, first(), break, never read, abort). However
// the input is made, the run must end with nothing left: no byte counted, no timer, no call, no session.

const TOTAL_INPUTS = 100_000;
const BATCH = 2_000;
const IDLE_MS = 500;
const CONFORMANCE = fileURLToPath(new URL("../../../conformance/python-sdk-0.10.1/", import.meta.url));

/** A small deterministic PRNG (xorshift32), so a failure is reproducible from its seed. */
function random(seed: number) {
  let x = seed | 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  };
}

function seeds(): string[] {
  const lines: string[] = [];
  for (const name of readdirSync(CONFORMANCE)) {
    if (!name.endsWith(".daemon-stdin.txt")) continue;
    for (const line of readFileSync(`${CONFORMANCE}${name}`, "utf8").split("\n"))
      if (line.trim()) lines.push(line);
  }
  return lines;
}

type Consumer = "all" | "first" | "break" | "abandon" | "abort";
const CONSUMERS: readonly Consumer[] = ["all", "first", "break", "abandon", "abort"];

afterEach(() => {
  vi.useRealTimers();
});

describe("mutation fuzz with abandoned consumers", () => {
  it(`runs ${TOTAL_INPUTS} mutated frames and ends with zero bytes, timers, calls and sessions`, async () => {
    vi.useFakeTimers();
    const rng = random(0x5eed);
    const live: Array<{ sid: string; id: string }> = [];
    const h: Harness = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          const consumer = CONSUMERS[session.id.length % CONSUMERS.length]!;
          const controller = new AbortController();
          const stream = session.invoke(
            "tool",
            { i: 1 },
            { idleTimeout: IDLE_MS, signal: controller.signal },
          );
          switch (consumer) {
            case "all":
              return stream.toArray().catch(() => "failed");
            case "first":
              return stream.first().catch(() => "failed");
            case "break":
              try {
                for await (const item of stream) return item;
              } catch {
                return "failed";
              }
              return "none";
            case "abandon":
              return "abandoned";
            case "abort":
              controller.abort();
              return stream.first().catch(() => "aborted");
          }
        }),
      {
        onFrame: (frame: Frame, harness: Harness) => {
          if (frame.data?.type !== "invoke") return;
          const sid = frame.session_id as string;
          const id = frame.data.data.backwards_request_id as string;
          live.push({ sid, id });
          if (live.length > 64) live.shift();
          // Half the calls get a proper answer, in one read; the rest only what the mutations send.
          if (rng.next() < 0.5) {
            const lines = [
              backwardsFrame(sid, id, "response", { data: { ok: 1 } }),
              backwardsFrame(sid, id, "response", { data: { ok: 2 } }),
              backwardsFrame(sid, id, "end"),
            ];
            harness.daemon.sendRaw(lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
          }
        },
        limits: { plugin: { maxInboundLine: 64 * 1024 } },
      },
    );

    const base = seeds();
    let sessions = 0;
    const mutate = (): string => {
      const roll = rng.next();
      if (roll < 0.25) {
        // A fresh request whose session id length picks the handler's consumer.
        sessions++;
        return JSON.stringify(requestFrame(`f${sessions}${"x".repeat(rng.int(5))}`, {}));
      }
      if (roll < 0.45 && live.length > 0) {
        // An answer redirected to a live call (or to the wrong session), any event, maybe repeated.
        const target = rng.pick(live);
        const sid = rng.next() < 0.8 ? target.sid : "someone-else";
        const event = rng.pick(["response", "response", "error", "end"] as const);
        return JSON.stringify(
          backwardsFrame(sid, target.id, event, {
            data: { n: rng.int(1000), pad: "p".repeat(rng.int(400)) },
          }),
        );
      }
      let line = rng.pick(base);
      const edits = 1 + rng.int(3);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(line.length + 1);
        switch (rng.int(5)) {
          case 0:
            line = line.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + line.slice(at + 1);
            break;
          case 1:
            line = line.slice(0, at);
            break;
          case 2:
            line = line.slice(0, at) + line.slice(at, at + rng.int(40)).repeat(2) + line.slice(at);
            break;
          case 3:
            line = line.replace(
              /"event":"[a-z_]+"/,
              `"event":"${rng.pick(["request", "backwards_response", "log", ""])}"`,
            );
            break;
          case 4:
            line = line.replace(/"session_id":"[^"]*"/, `"session_id":"m${rng.int(50)}"`);
            break;
        }
      }
      return line;
    };

    let fed = 0;
    while (fed < TOTAL_INPUTS) {
      let text = "";
      for (let i = 0; i < BATCH && fed < TOTAL_INPUTS; i++, fed++)
        text += `${mutate().replace(/\n/g, " ")}\n`;
      // Cut the batch at a few random points: frames split across reads and merged within reads.
      let last = 0;
      for (const cut of [rng.int(text.length), rng.int(text.length), text.length].sort((a, b) => a - b)) {
        if (cut > last) h.daemon.sendRaw(text.slice(last, cut));
        last = cut;
      }
      await vi.advanceTimersByTimeAsync(rng.int(IDLE_MS));
    }

    // Let every idle timer fire: silent calls fail, their sessions end.
    for (
      let round = 0;
      round < 40 && (h.runtime.stats().sessions > 0 || h.runtime.stats().inFlight > 0);
      round++
    ) {
      await vi.advanceTimersByTimeAsync(IDLE_MS);
    }
    expect(fed).toBeGreaterThanOrEqual(TOTAL_INPUTS);
    expect(sessions).toBeGreaterThan(10_000);
    expect(h.runtime.stats()).toMatchObject({ sessions: 0, inFlight: 0, bufferedBytes: 0, paused: false });
    expect(vi.getTimerCount()).toBe(0);
    await h.runtime.close();
  }, 240_000);
});
