import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { AUDIO_CHUNK_BYTES, audioHash } from "./fixtures/tts-audio.js";

// Issue 17: a long `invoke_tts` stream (§2.3, §2.4.4) from a real plugin process over real pipes, read by a daemon
// that stops reading stdout for a while. The SDK awaits each `stream` frame's write (the runtime's
// `await send(...)`, `FrameWriter` waiting for `drain`), so the model's generator is not resumed while stdout is
// full: it stays a few chunks ahead of the pipe, and the process's memory stays flat.

const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/tts-stream-plugin.ts", import.meta.url));
const CHUNKS = 1024; // 1024 × 64 KiB = 64 MiB of audio, 128 MiB of hex on the wire
const MiB = 1024 * 1024;
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** `VmRSS` (now) and `VmHWM` (peak) of a process, in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kib("VmRSS") * 1024, peak: kib("VmHWM") * 1024 };
}

/** The child's stderr reports: chunks produced so far and its own heartbeat count. */
function progressOf(child: ChildProcessWithoutNullStreams) {
  const state = { produced: 0, alive: 0, other: "" };
  const waiters = new Set<() => void>();
  let partial = "";
  child.stderr.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      const produced = /^produced (\d+)/.exec(line);
      const alive = /^alive (\d+)/.exec(line);
      if (produced) state.produced = Number(produced[1]);
      else if (alive) state.alive = Number(alive[1]);
      else state.other += `${line}\n`;
    }
    for (const wake of waiters) wake();
  });
  const until = (test: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const wake = () => {
        if (test()) {
          waiters.delete(wake);
          resolve();
        } else if (child.exitCode !== null) {
          waiters.delete(wake);
          reject(new Error(`the plugin exited (${child.exitCode}); stderr:\n${state.other}`));
        }
      };
      waiters.add(wake);
      wake();
    });
  return { state, until };
}

describe("a long invoke_tts stream to a daemon that stops reading stdout", () => {
  it("pauses the model's generator within a few chunks and bounded memory, then delivers every byte in order", async () => {
    const child = spawn(process.execPath, ["--conditions=@x/source", "--import", "tsx", FIXTURE], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, INSTALL_METHOD: "local", HEARTBEAT_INTERVAL: "0.2", TTS_CHUNKS: String(CHUNKS) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    children.push(child);
    child.stdin.on("error", () => undefined);
    child.stdout.pause(); // the slow daemon: nothing is read from stdout until resume()
    const progress = progressOf(child);
    await progress.until(() => progress.state.alive > 0); // the runtime is up

    const data = {
      user_id: "u-1",
      type: "model",
      action: "invoke_tts",
      provider: "longspeech",
      model: "long-tts",
      model_type: "tts",
      credentials: {},
      content_text: "a very long text",
      voice: "alloy",
      tenant_id: "t-1",
    };
    const request = { session_id: "tts-1", conversation_id: null, message_id: null, app_id: null };
    child.stdin.write(
      `${JSON.stringify({ ...request, endpoint_id: null, context: null, event: "request", data })}\n`,
    );

    // Paused: the plugin's own heartbeat ticks 10 times in a row while no chunk is produced. The event loop runs,
    // so the generator waits on backpressure, not on a blocked process.
    await progress.until(() => progress.state.produced > 0);
    let seen = { produced: progress.state.produced, alive: progress.state.alive };
    await progress.until(() => {
      if (progress.state.produced !== seen.produced) seen = { ...progress.state };
      return progress.state.alive - seen.alive >= 10;
    });
    const paused = { produced: progress.state.produced, ...memoryOf(child.pid!) };
    console.info(
      `paused: ${paused.produced}/${CHUNKS} chunks produced (${(paused.produced * AUDIO_CHUNK_BYTES) / 1024} KiB ` +
        `of audio), VmRSS ${(paused.rss / MiB).toFixed(1)} MiB, VmHWM ${(paused.peak / MiB).toFixed(1)} MiB`,
    );
    // A 64 KiB pipe, one line in the socket's buffer and one waiting for drain: a handful of 64 KiB chunks.
    expect(paused.produced).toBeLessThanOrEqual(16);
    expect(paused.rss).toBeLessThan(200 * MiB);

    // The daemon reads again: every chunk arrives, in order, byte-exact, then `end`.
    const hash = createHash("sha256");
    let items = 0;
    let bytes = 0;
    const mimeTypes = new Set<unknown>();
    const errors: unknown[] = [];
    let ended = false;
    let partial = "";
    const done = new Promise<void>((resolve, reject) => {
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before end`)));
      child.stdout.on("data", (chunk: Buffer) => {
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) {
          if (!line) continue;
          const frame = JSON.parse(line) as { session_id?: string; data?: Record<string, unknown> };
          if (frame.session_id !== "tts-1") continue;
          const message = frame.data ?? {};
          if (message.type === "stream") {
            const item = message.data as { result: string; mime_type?: string };
            const audio = Buffer.from(item.result, "hex");
            hash.update(audio);
            bytes += audio.byteLength;
            items++;
            mimeTypes.add(item.mime_type);
          } else if (message.type === "error") errors.push(message.data);
          else if (message.type === "end") {
            ended = true;
            resolve();
          }
        }
      });
    });
    child.stdout.resume();
    await done;
    const peak = memoryOf(child.pid!).peak;
    console.info(
      `whole stream: ${items} items, ${bytes / MiB} MiB of audio, VmHWM ${(peak / MiB).toFixed(1)} MiB`,
    );

    expect(errors).toEqual([]);
    expect(ended).toBe(true);
    expect(progress.state.produced).toBe(CHUNKS);
    expect(items).toBe(CHUNKS); // 64 KiB chunks are under the SDK's 1 MiB per-item split: one item each
    expect(bytes).toBe(CHUNKS * AUDIO_CHUNK_BYTES);
    expect(hash.digest("hex")).toBe(audioHash(CHUNKS));
    expect([...mimeTypes]).toEqual(["audio/mpeg"]); // from the declaration's audio_type "mp3"
    expect(peak).toBeLessThan(200 * MiB);
  }, 120_000);
});
