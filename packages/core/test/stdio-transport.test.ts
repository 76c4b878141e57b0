import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { OutboundFrameSchema } from "@x/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { backwardsFrame, type Frame, requestFrame } from "./support/linked-runtime.js";

const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./fixtures/stdio-plugin.ts", import.meta.url));
const README_EXAMPLE = fileURLToPath(new URL("./fixtures/readme-example.ts", import.meta.url));

const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
});

/** Spawns the fixture plugin over real pipes, like the daemon does with a local plugin. */
function spawnPlugin(fixture = FIXTURE) {
  const child = spawn(process.execPath, ["--conditions=@x/source", "--import", "tsx", fixture], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, HEARTBEAT_INTERVAL: "0.2" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  let notify = () => {};
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts.filter((line) => line !== ""));
    notify();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const frames = () => lines.map((line) => JSON.parse(line) as Frame);
  const until = (test: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const onExit = () => reject(new Error(`plugin exited while waiting for ${what}; stderr:\n${stderr}`));
      child.once("exit", onExit);
      const check = () => {
        if (!test()) return;
        child.off("exit", onExit);
        notify = () => {};
        resolve();
      };
      notify = check;
      check();
    });
  const send = (frame: object) => child.stdin.write(`${JSON.stringify(frame)}\n`);
  return { child, lines, frames, until, send, stderr: () => stderr, partial: () => partial };
}

describe("stdio transport in a real child process", () => {
  it("heartbeats from the start, keeps console output off stdout, round-trips a reverse call and exits on stdin EOF", async () => {
    const p = spawnPlugin();

    await p.until(() => p.lines.length > 0, "the first frame");
    expect(p.frames()[0]).toEqual({ event: "heartbeat", session_id: null, data: {} });

    p.send(requestFrame("s1", {}));
    await p.until(() => p.frames().some((f) => f.data?.type === "invoke"), "the invoke frame");
    const invoke = p.frames().find((f) => f.data?.type === "invoke")!;
    expect(invoke).toMatchObject({ event: "session", session_id: "s1", data: { data: { type: "tool" } } });
    const id = invoke.data.data.backwards_request_id as string;
    p.send(
      backwardsFrame("s1", id, "response", {
        data: { type: "text", message: { text: "東京 😀" }, meta: null },
      }),
    );
    p.send(backwardsFrame("s1", id, "end"));
    await p.until(() => p.frames().some((f) => f.data?.type === "end"), "the end frame");

    const session = p.frames().filter((f) => f.session_id === "s1");
    expect(session.map((f) => f.data.type)).toEqual(["invoke", "stream", "end"]);
    expect(session[1]!.data.data.message.json_object.items).toEqual([
      { type: "text", message: { text: "東京 😀" }, meta: null },
    ]);

    // console.log / console.info / a raw stdout write came out as daemon `log` events, never as bare text.
    const logs = p.frames().filter((f) => f.event === "log");
    const messages = logs.map((f) => f.data.message as string);
    expect(messages.some((m) => m.includes("hello from handler") && m.includes("n: 1"))).toBe(true);
    expect(messages).toContain("info line");
    expect(messages).toContain("raw write without newline");
    for (const log of logs) {
      expect(log.data.level).toBe("info");
      expect(typeof log.data.timestamp).toBe("number");
    }

    await p.until(() => p.frames().filter((f) => f.event === "heartbeat").length >= 3, "three heartbeats");

    // Every stdout line is a frame the daemon accepts.
    for (const line of p.lines) expect(() => OutboundFrameSchema.parse(JSON.parse(line))).not.toThrow();
    expect(p.partial()).toBe("");

    const exited = once(p.child, "exit");
    p.child.stdin.end();
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it("answers a garbage line with a top-level error frame and keeps serving", async () => {
    const p = spawnPlugin();
    await p.until(() => p.lines.length > 0, "the first frame");
    p.child.stdin.write("this is not json\n");
    await p.until(() => p.frames().some((f) => f.event === "error"), "the error frame");
    expect(p.frames().find((f) => f.event === "error")).toMatchObject({
      session_id: null,
      data: { error: expect.any(String) },
    });
    p.send(requestFrame("s2", {}));
    await p.until(() => p.frames().some((f) => f.data?.type === "invoke"), "the invoke frame");
    const exited = once(p.child, "exit");
    p.child.stdin.end();
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it("runs the README example: a handler whose reverse-call answers are streamed back", async () => {
    const p = spawnPlugin(README_EXAMPLE);
    p.send(requestFrame("s1", { user_id: "u1" }));
    await p.until(() => p.frames().some((f) => f.data?.type === "invoke"), "the invoke frame");
    const id = p.frames().find((f) => f.data?.type === "invoke")!.data.data.backwards_request_id as string;
    const text = { type: "text", message: { text: "2025-01-01 00:00:00" }, meta: null };
    p.send(backwardsFrame("s1", id, "response", { data: text }));
    p.send(backwardsFrame("s1", id, "end"));
    await p.until(() => p.frames().some((f) => f.data?.type === "end"), "the end frame");
    expect(p.frames().find((f) => f.data?.type === "stream")!.data.data).toEqual(text);
    expect(p.frames().some((f) => f.event === "log" && f.data.message === "tool called by u1")).toBe(true);
    const exited = once(p.child, "exit");
    p.child.stdin.end();
    expect((await exited)[0]).toBe(0);
  });
});
