// Reverse-call round trips in serverless mode: /invoke over real HTTP, each reverse call an HTTP POST to a
// loopback transaction endpoint, all in-process.

import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { Agent, request } from "undici";
import { PluginRuntime, silentLogger } from "../src/index.js";
import { ServerlessTransport } from "../src/internal.js";
import { benchPlugin } from "./bench-plugin.js";
import { type BenchResult, report } from "./remote-bench-fixture.js";

/** Runs the serverless benchmarks and returns their figures. */
export async function runServerlessBench(
  options: { sequential?: number; concurrent?: number } = {},
): Promise<BenchResult[]> {
  const sequential = options.sequential ?? 3_000;
  const concurrent = options.concurrent ?? 100;
  const daemon = await transactionEndpoint();
  const plugin = benchPlugin();
  const transport = new ServerlessTransport({
    host: "127.0.0.1",
    port: 0,
    daemonUrl: daemon.url,
    dispatcher: new Agent({ connections: concurrent, keepAliveTimeout: 30_000 }),
    logger: silentLogger,
  });
  const runtime = new PluginRuntime({ plugin, transport, logger: silentLogger });
  await runtime.start();
  const base = `http://127.0.0.1:${transport.address().port}`;
  let sessions = 0;
  const invoke = async (action: string, data: Record<string, unknown>): Promise<{ ms: number }> => {
    const id = `bench-${++sessions}`;
    const response = await request(`${base}/invoke`, {
      method: "POST",
      body: JSON.stringify({
        session_id: id,
        event: "request",
        data: { type: "bench", action, user_id: "u", ...data },
      }),
    });
    const lines = (await response.body.text()).split("\n").filter((line) => line.length > 0);
    return JSON.parse(lines[0]!).data.data;
  };
  const results: BenchResult[] = [];
  await invoke("sequential", { n: 200 });
  const seq = await invoke("sequential", { n: sequential });
  results.push(report("serverless http", "sequential reverse calls", sequential, seq.ms));
  const rounds = 20;
  const par = await invoke("parallel", { n: concurrent, rounds });
  results.push(
    report("serverless http", `${concurrent} concurrent reverse calls`, concurrent * rounds, par.ms),
  );
  await runtime.close();
  await daemon.close();
  return results;
}

/** A loopback `/backwards-invocation/transaction` endpoint answering each call with one item and `end`. */
async function transactionEndpoint() {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const frame = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const id = frame.data.data.backwards_request_id;
      const base = `{"session_id":"${frame.session_id}","event":"backwards_response","data":{"backwards_request_id":"${id}"`;
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        `${base},"event":"response","message":"struct","data":{"ok":true}}}\n\n${base},"event":"end","message":"","data":null}}\n\n`,
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const result of await runServerlessBench()) console.log(result.line);
}
