import { InMemoryTransport, PluginRuntime, silentLogger } from "../src/index.js";
import { benchPlugin } from "./bench-plugin.js";
import { answerInvokes, benchRequest } from "./echo-daemon.js";

/** A runtime on the in-memory pair whose daemon end echoes every reverse call. */
async function setup(plugin = benchPlugin()) {
  const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
  const runtime = new PluginRuntime({ plugin, transport: side, logger: silentLogger });
  const waiting = new Map<string, () => void>();
  answerInvokes(daemon, (sessionId) => waiting.get(sessionId)?.());
  await daemon.start();
  await runtime.start();
  let next = 0;
  const run = async (action: string, data: Record<string, unknown>) => {
    const id = `bench-${next++}`;
    const done = new Promise<void>((resolve) => waiting.set(id, resolve));
    const started = performance.now();
    await daemon.send(benchRequest(id, action, data));
    await done;
    waiting.delete(id);
    return performance.now() - started;
  };
  return { runtime, daemon, run };
}

/** Sequential reverse-call round trips per second over the in-memory pair. */
export async function sequentialInMemory(n: number): Promise<number> {
  const { runtime, run } = await setup();
  await run("sequential", { n: Math.min(n, 5000) });
  const ms = await run("sequential", { n });
  await runtime.close();
  return (n / ms) * 1000;
}

/** Milliseconds per response with `inFlight` calls outstanding, over `total` calls. */
export async function perResponse(inFlight: number, total: number): Promise<number> {
  const { runtime, run } = await setup();
  await run("parallel", { n: inFlight, rounds: 1 });
  const rounds = Math.max(1, Math.round(total / inFlight));
  const ms = await run("parallel", { n: inFlight, rounds });
  await runtime.close();
  return ms / (inFlight * rounds);
}

/** Heap bytes per in-flight reverse call (calls started and awaited, no answer yet). Needs `--expose-gc`. */
export async function heapPerCall(n: number): Promise<number | undefined> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  let started!: () => void;
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
  const runtime = new PluginRuntime({
    plugin: benchPlugin({ started: () => started(), release: held }),
    transport: side,
    logger: silentLogger,
  });
  // The daemon end swallows the invoke frames: only the plugin's state is measured.
  daemon.onmessage = () => {};
  await daemon.start();
  await runtime.start();
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
  };
  await daemon.send(benchRequest("warm", "hold", { n: 10 }));
  await ready;
  await settle();
  const before = process.memoryUsage().heapUsed;
  const stats0 = runtime.stats().inFlight;
  let startedAgain!: () => void;
  const ready2 = new Promise<void>((resolve) => {
    startedAgain = resolve;
  });
  started = startedAgain;
  await daemon.send(benchRequest("hold", "hold", { n }));
  await ready2;
  await settle();
  const after = process.memoryUsage().heapUsed;
  const inFlight = runtime.stats().inFlight - stats0;
  release();
  await runtime.close();
  return (after - before) / inFlight;
}
