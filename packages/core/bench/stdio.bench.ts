import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { encodeFrame, LineDecoder } from "../src/internal.js";
import { benchRequest, endFrameFor, responseFrame } from "./echo-daemon.js";

const CHILD = fileURLToPath(new URL("./stdio-bench-plugin.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

type Frame = { session_id?: string; data?: { type?: string; data?: { backwards_request_id?: string } } };

/** Sequential reverse-call round trips per second to a child process over real stdio pipes. */
export async function sequentialStdio(n: number): Promise<number> {
  const child = spawn(process.execPath, ["--conditions=@x/source", "--import", "tsx", CHILD], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const waiting = new Map<string, () => void>();
  const decoder = new LineDecoder({
    onFrame: (raw) => {
      const frame = raw as Frame;
      const type = frame.data?.type;
      if (type === "invoke") {
        const sessionId = frame.session_id ?? "";
        const id = frame.data?.data?.backwards_request_id ?? "";
        // One write for both answers, like a daemon flushing its buffered writer.
        child.stdin.write(
          encodeFrame(responseFrame(sessionId, id)) + encodeFrame(endFrameFor(sessionId, id)),
        );
      } else if (type === "end") {
        waiting.get(frame.session_id ?? "")?.();
      }
    },
    onError: (error) => {
      throw error;
    },
  });
  child.stdout.on("data", (chunk: Buffer) => decoder.push(chunk));
  const run = async (id: string, count: number) => {
    const done = new Promise<void>((resolve) => waiting.set(id, resolve));
    const started = performance.now();
    child.stdin.write(encodeFrame(benchRequest(id, "sequential", { n: count })));
    await done;
    return performance.now() - started;
  };
  await run("warm", Math.min(2000, n));
  const ms = await run("measured", n);
  const exited = once(child, "exit");
  child.stdin.end();
  await exited;
  return (n / ms) * 1000;
}
