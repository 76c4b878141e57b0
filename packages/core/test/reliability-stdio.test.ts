import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type Frame, requestFrame } from "./support/linked-runtime.js";

// Faults 2, 4, 5 and 6 of the reliability review, attacked as a hostile or broken daemon would: a real child
// process over real pipes, started by runPlugin like the daemon starts a local plugin.

const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/hostile-plugin.ts", import.meta.url));
const SECRET = "sk-PLANTED-4f9c2a7e1d";
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

interface Plugin {
  child: ChildProcessWithoutNullStreams;
  frames: Frame[];
  stdout: () => string;
  stderr: () => string;
  send(frame: object): void;
  until(test: () => boolean): Promise<void>;
  ended(sessionId: string): Promise<void>;
}

function start(env: Record<string, string> = {}, readStdout = true): Plugin {
  const child = spawn(process.execPath, ["--conditions=@x/source", "--import", "tsx", FIXTURE], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, INSTALL_METHOD: "local", HEARTBEAT_INTERVAL: "0.2", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  const frames: Frame[] = [];
  let out = "";
  let err = "";
  let partial = "";
  const waiters = new Set<() => void>();
  const onOut = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    out += text;
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) if (line.trim()) frames.push(JSON.parse(line) as Frame);
    for (const wake of waiters) wake();
  };
  if (readStdout) child.stdout.on("data", onOut);
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  child.stdin.on("error", () => undefined);
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      if (test()) return resolve();
      const wake = () => {
        if (test()) {
          waiters.delete(wake);
          resolve();
        }
      };
      waiters.add(wake);
    });
  return {
    child,
    frames,
    stdout: () => out,
    stderr: () => err,
    send: (frame) => child.stdin.write(`${JSON.stringify(frame)}\n`),
    until,
    ended: (sid) => until(() => frames.some((f) => f.session_id === sid && f.data?.type === "end")),
  };
}

const tool = (mode: string, extra: Record<string, unknown> = {}) => ({
  provider: "p",
  tool: "t",
  tool_parameters: { mode, ...extra },
});

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

describe("a daemon that stops reading stdout", () => {
  it("gets backpressure instead of memory growth: the plugin stops reading stdin, then catches up", async () => {
    const plugin = start({}, false);
    await once(plugin.child.stdout, "readable");
    const garbage = `${"garbage line that is not JSON ".repeat(3)}\n`;
    let written = 0;
    // Write until stdin pushes back for good (the plugin stopped reading) or 300 000 lines went in.
    for (; written < 300_000; written++) {
      if (!plugin.child.stdin.write(garbage)) {
        const drained = await Promise.race([
          once(plugin.child.stdin, "drain").then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1500)),
        ]);
        if (!drained) break;
      }
    }
    expect(written).toBeLessThan(300_000);
    // Bounded: nowhere near the ~1 GB the same flood took before the output was bounded.
    expect(rssKiB(plugin.child.pid!)).toBeLessThan(300 * 1024);
    // The daemon reads again: the plugin drains, reads the rest of stdin, and serves a request.
    plugin.child.stdout.resume();
    const frames: Frame[] = [];
    let partial = "";
    plugin.child.stdout.on("data", (chunk: Buffer) => {
      const parts = (partial + chunk.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) frames.push(JSON.parse(line) as Frame);
    });
    plugin.send(requestFrame("after-flood", tool("ok")));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (frames.some((f) => f.session_id === "after-flood" && f.data?.type === "end")) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    expect(
      frames.find((f) => f.session_id === "after-flood" && f.data?.type === "stream")?.data.data,
    ).toEqual({
      type: "text",
      message: { text: "ok" },
      meta: null,
    });
  });
});

describe("an error message over the daemon's line limit", () => {
  it("is cut to fit with a marker, never dropped: the daemon still sees the failure", async () => {
    const plugin = start();
    plugin.send(requestFrame("huge", tool("huge-error", { size: 6 * 1024 * 1024 })));
    await plugin.ended("huge");
    const error = plugin.frames.find((f) => f.session_id === "huge" && f.data?.type === "error");
    expect(error).toBeDefined();
    expect(error!.data.data.message).toMatch(/\[truncated: \d+ of 6291456 bytes dropped\]$/);
    expect(Buffer.byteLength(JSON.stringify(error))).toBeLessThan(5 * 1024 * 1024);
  });
});

describe("planted secrets", () => {
  it("never reach stdout or stderr: credential values are masked in logs, error payloads and bad-line answers", async () => {
    const plugin = start();
    plugin.send(requestFrame("leak", { ...tool("leak"), credentials: { api_key: SECRET } }));
    await plugin.ended("leak");
    // Bad lines that quote the secret: V8's JSON error would echo its start, an unknown event its value.
    plugin.child.stdin.write(`{"x": ${SECRET}\n`);
    plugin.child.stdin.write(`${JSON.stringify({ session_id: "x", event: SECRET, data: {} })}\n`);
    plugin.send(requestFrame("after", tool("ok")));
    await plugin.ended("after");
    const error = plugin.frames.find((f) => f.session_id === "leak" && f.data?.type === "error");
    expect(error!.data.data.message).toBe("upstream refused the key [redacted]");
    expect(plugin.frames.filter((f) => f.event === "error")).toHaveLength(2);
    expect(plugin.stdout()).not.toContain(SECRET);
    expect(plugin.stdout()).not.toContain(SECRET.slice(0, 12));
    expect(plugin.stderr()).not.toContain(SECRET);
  });
});

describe("too many sessions at once", () => {
  it("answers a request over MAX_WORKER with SessionLimitError and end, and keeps serving the others", async () => {
    const plugin = start({ MAX_WORKER: "2" });
    plugin.send(requestFrame("w1", tool("wait")));
    plugin.send(requestFrame("w2", tool("wait")));
    plugin.send(requestFrame("w3", tool("wait")));
    await plugin.ended("w3");
    const refused = plugin.frames.find((f) => f.session_id === "w3" && f.data?.type === "error");
    expect(refused!.data.data.error_type).toBe("SessionLimitError");
    expect(refused!.data.data.message).toContain("2 sessions");
    expect(plugin.frames.some((f) => f.session_id === "w1" && f.data?.type === "end")).toBe(false);
  });
});

describe("SIGTERM with sessions in flight", () => {
  it("answers every running session with ShutdownError and end, then exits 0", async () => {
    const plugin = start();
    for (const sid of ["t1", "t2", "t3"]) plugin.send(requestFrame(sid, tool("wait")));
    // Wait until the three sessions run (their requests were read): a heartbeat after them proves it.
    await plugin.until(() => plugin.frames.filter((f) => f.event === "heartbeat").length >= 3);
    const exited = once(plugin.child, "exit");
    plugin.child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).toBe(0);
    for (const sid of ["t1", "t2", "t3"]) {
      const frames = plugin.frames.filter((f) => f.session_id === sid);
      expect(frames.map((f) => f.data.type)).toEqual(["error", "end"]);
      expect(frames[0]!.data.data.error_type).toBe("ShutdownError");
      expect(frames[0]!.data.data.message).toContain("SIGTERM");
    }
  });
});
