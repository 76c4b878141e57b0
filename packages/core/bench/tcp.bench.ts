// Reverse-call round trips over the TCP remote-debugging transport, against a loopback daemon in-process.

import { createServer, type Socket } from "node:net";
import { pathToFileURL } from "node:url";
import { Plugin, PluginRuntime, silentLogger } from "../src/index.js";
import { remoteRegistration, TcpTransport } from "../src/internal.js";
import { benchPlugin } from "./bench-plugin.js";
import { type BenchResult, benchManifest, benchTool, ICON_BYTES, report } from "./remote-bench-fixture.js";

/** Runs the TCP benchmarks and returns their figures. */
export async function runTcpBench(
  options: { sequential?: number; inFlight?: number } = {},
): Promise<BenchResult[]> {
  const sequential = options.sequential ?? 20_000;
  const inFlight = options.inFlight ?? 1_000;
  const daemon = await loopbackDaemon();
  const plugin = benchPlugin(
    undefined,
    new Plugin({ manifest: benchManifest(), assets: { "icon.svg": ICON_BYTES } }).declare(
      "tool",
      benchTool(),
    ),
  );
  const transport = new TcpTransport({
    host: "127.0.0.1",
    port: daemon.port,
    handshake: remoteRegistration({
      key: "bench-key",
      manifest: plugin.manifest,
      declarations: plugin.declarations(),
      assets: plugin.assets(),
    }),
    confirmDelay: 20,
    logger: silentLogger,
  });
  const runtime = new PluginRuntime({ plugin, transport, logger: silentLogger });
  await runtime.start();
  const results: BenchResult[] = [];
  // Warm-up, then measure.
  await daemon.request("bench", "sequential", { n: 1_000 });
  const seq = await daemon.request("bench", "sequential", { n: sequential });
  results.push(report("tcp loopback", "sequential reverse calls", sequential, seq.ms, 15_000));
  const rounds = 10;
  const par = await daemon.request("bench", "parallel", { n: inFlight, rounds });
  results.push(report("tcp loopback", `${inFlight} reverse calls in flight`, inFlight * rounds, par.ms));
  await runtime.close();
  await daemon.close();
  return results;
}

/** A minimal daemon: swallows registration and heartbeats, answers every invoke with one item and `end`. */
async function loopbackDaemon() {
  const waiting = new Map<string, (data: { ms: number }) => void>();
  let socket: Socket | undefined;
  let ready!: () => void;
  const registered = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const server = createServer((conn) => {
    socket = conn;
    conn.setNoDelay(true);
    let buffer = "";
    conn.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl = buffer.indexOf("\n");
      let out = "";
      while (nl !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
        if (line.length === 0) continue;
        const frame = JSON.parse(line);
        if (frame.type === "end") ready();
        if (frame.event !== "session") continue;
        const message = frame.data;
        if (message.type === "invoke") {
          const base = `{"session_id":"${frame.session_id}","event":"backwards_response","data":{"backwards_request_id":"${message.data.backwards_request_id}"`;
          out += `${base},"event":"response","message":"struct","data":{"ok":true}}}\n`;
          out += `${base},"event":"end","message":"","data":null}}\n`;
        } else if (message.type === "stream") {
          waiting.get(frame.session_id)?.(message.data);
        }
      }
      if (out) conn.write(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  let sessions = 0;
  return {
    port,
    async request(type: string, action: string, data: Record<string, unknown>): Promise<{ ms: number }> {
      await registered;
      const id = `bench-${++sessions}`;
      const answer = new Promise<{ ms: number }>((resolve) => waiting.set(id, resolve));
      socket!.write(
        `${JSON.stringify({ session_id: id, event: "request", data: { type, action, user_id: "u", ...data } })}\n`,
      );
      return answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket?.destroy();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const result of await runTcpBench()) console.log(result.line);
}
