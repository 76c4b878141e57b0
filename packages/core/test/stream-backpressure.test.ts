import { PassThrough } from "node:stream";
import { createStdioTransport, Plugin, PluginRuntime, silentLogger } from "@x/core";
import { describe, expect, it } from "vitest";
import { requestFrame } from "./support/daemon-frames.js";

// The invariant the long-TTS test of @x/model checks over a real pipe (issue 17), here in one process: the
// runtime awaits each `stream` frame's write, and the stdio transport's FrameWriter holds it until `drain`, so a
// handler's generator is not resumed while the daemon does not read stdout.

/** Lets the event loop run `turns` times (timers, I/O callbacks and immediates included). */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe("a streaming handler behind an unread stdout", () => {
  it("is paused within a few items, then sends every item in order once stdout is read", async () => {
    const ITEMS = 10_000;
    const stdin = new PassThrough();
    const stdout = new PassThrough({ highWaterMark: 16 * 1024 }); // nobody reads it until the end
    const transport = createStdioTransport({
      stdin,
      stdout,
      heartbeatInterval: 3_600_000,
      guardStdout: false,
      exitOnEnd: false,
    });
    let produced = 0;
    const plugin = new Plugin().on("tool", "invoke_tool", async function* () {
      for (let i = 0; i < ITEMS; i++) {
        produced++;
        yield { type: "text", message: { text: `${i} ${"x".repeat(1024)}` }, meta: null };
      }
    });
    const runtime = new PluginRuntime({ plugin, transport, logger: silentLogger });
    await runtime.start();
    stdin.write(`${JSON.stringify(requestFrame("s-1", {}))}\n`);

    // Wait until the generator stops advancing: 200 event-loop turns in a row without a new item.
    let last = -1;
    let still = 0;
    while (still < 200) {
      await turns(1);
      if (produced === last) still++;
      else [last, still] = [produced, 0];
    }
    // 32 KiB of stream buffers hold ~30 one-KiB frames; one more waits for drain. Far from the 10 000 of a
    // handler that runs ahead of the pipe.
    expect(produced).toBeGreaterThan(0);
    expect(produced).toBeLessThan(100);

    const texts: string[] = [];
    let partial = "";
    const ended = new Promise<void>((resolve) => {
      stdout.on("data", (chunk: Buffer) => {
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          const frame = JSON.parse(line) as { session_id?: string; data?: { type: string; data?: unknown } };
          if (frame.session_id !== "s-1") continue;
          if (frame.data?.type === "stream")
            texts.push((frame.data.data as { message: { text: string } }).message.text);
          if (frame.data?.type === "end") resolve();
        }
      });
    });
    await ended;
    await runtime.close();
    expect(produced).toBe(ITEMS);
    expect(texts).toHaveLength(ITEMS);
    expect(texts.every((text, i) => text.startsWith(`${i} `))).toBe(true);
  });
});
