// Endpoint throughput over the in-memory pair (real runtime, real codec, real llhttp decoding): requests per
// second for small JSON in and out, and MiB/s of a streamed 100 MiB response body with its peak RSS, next to the
// tool blob relay figures (packages/tool/bench/run.ts) measured in the same run. Each scenario runs in its own
// child process so peak RSS (`maxRSS`) belongs to that scenario alone.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { InMemoryTransport, Plugin, PluginRuntime, silentLogger } from "@x/core";
import { defineEndpoint, defineEndpointGroup } from "../src/index.js";

const MiB = 1024 * 1024;
const STREAM_CHUNK = 64 * 1024;
const REQUESTS = 20_000;
const IN_FLIGHT = 64;

interface Outcome {
  scenario: string;
  seconds: number;
  rate: number;
  unit: string;
  peakRssMiB: number;
}

/** The hex `raw_http_request` of a POST as the daemon's copyRequest writes it. */
function rawPost(path: string, body: string): string {
  const head =
    `POST ${path} HTTP/1.1\r\nHost: dify.example\r\nUser-Agent: Go-http-client/1.1\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nDify-Hook-Id: hook\r\n` +
    `Dify-Hook-Url: http://dify.example/e/hook${path}\r\n\r\n`;
  return Buffer.from(head + body).toString("hex");
}

function requestFrame(sessionId: string, raw: string) {
  return {
    session_id: sessionId,
    conversation_id: null,
    message_id: null,
    app_id: null,
    endpoint_id: "endpoint",
    context: {},
    event: "request",
    data: { action: "invoke_endpoint", raw_http_request: raw, settings: {}, type: "endpoint", user_id: "" },
  };
}

type Frame = { session_id: string; data: { type: string; data: { result?: string; status?: number } } };

async function start(plugin: Plugin) {
  const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
  const runtime = new PluginRuntime({ plugin, transport: side, logger: silentLogger });
  return { runtime, daemon };
}

/** Small JSON in, small JSON out: requests per second with 64 requests in flight. */
async function requestsPerSecond(): Promise<Outcome> {
  const echo = defineEndpoint({
    path: "/echo",
    method: "POST",
    async invoke(request) {
      const body = (await request.json()) as { n: number };
      return Response.json({ ok: true, n: body.n });
    },
  });
  const { runtime, daemon } = await start(new Plugin().register(defineEndpointGroup({ endpoints: [echo] })));
  let ended = 0;
  let ok = 0;
  let wake: (() => void) | undefined;
  daemon.onmessage = (value) => {
    const frame = value as Frame;
    if (frame.data.type === "stream" && frame.data.data.status === 200) ok++;
    if (frame.data.type === "end") {
      ended++;
      wake?.();
    }
  };
  await daemon.start();
  await runtime.start();
  const raw = rawPost("/echo", JSON.stringify({ n: 1, text: "hello endpoint" }));
  const started = performance.now();
  let sent = 0;
  while (ended < REQUESTS) {
    while (sent < REQUESTS && sent - ended < IN_FLIGHT) await daemon.send(requestFrame(`s${sent++}`, raw));
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await runtime.close();
  if (ok !== REQUESTS) throw new Error(`expected ${REQUESTS} 200 answers, got ${ok}`);
  return outcome("endpoint: small JSON in/out", seconds, REQUESTS / seconds, "req/s");
}

/** A GET answered by a ReadableStream of `bytes`, produced in 64 KiB chunks on demand; the "daemon" counts them. */
async function streamed(bytes: number, label: string): Promise<Outcome> {
  const chunk = new Uint8Array(STREAM_CHUNK);
  for (let i = 0; i < chunk.length; i++) chunk[i] = i % 256;
  const download = defineEndpoint({
    path: "/download",
    method: "GET",
    invoke() {
      let produced = 0;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (produced >= bytes) {
              controller.close();
              return;
            }
            produced += chunk.length;
            controller.enqueue(chunk);
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { headers: { "content-type": "application/octet-stream" } });
    },
  });
  const { runtime, daemon } = await start(
    new Plugin().register(defineEndpointGroup({ endpoints: [download] })),
  );
  let received = 0;
  const done = new Promise<void>((resolve) => {
    daemon.onmessage = (value) => {
      const frame = value as Frame;
      if (frame.data.type === "stream") received += (frame.data.data.result?.length ?? 0) / 2;
      if (frame.data.type === "end") resolve();
    };
  });
  await daemon.start();
  await runtime.start();
  const raw = Buffer.from(
    "GET /download HTTP/1.1\r\nHost: dify.example\r\nUser-Agent: Go-http-client/1.1\r\nDify-Hook-Id: hook\r\n\r\n",
  ).toString("hex");
  const started = performance.now();
  await daemon.send(requestFrame("stream", raw));
  await done;
  const seconds = (performance.now() - started) / 1000;
  await runtime.close();
  if (received !== bytes) throw new Error(`${label}: received ${received} bytes, expected ${bytes}`);
  return outcome(label, seconds, bytes / MiB / seconds, "MiB/s");
}

function outcome(scenario: string, seconds: number, rate: number, unit: string): Outcome {
  return { scenario, seconds, rate, unit, peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB };
}

const scenarios: Record<string, () => Promise<Outcome>> = {
  rps: requestsPerSecond,
  stream: () => streamed(100 * MiB, "endpoint: 100 MiB streamed response"),
  "stream-small": () => streamed(10 * MiB, "endpoint: 10 MiB streamed response"),
};

interface ToolOutcome {
  scenario: string;
  seconds: number;
  mibPerSecond: number;
  peakRssMiB: number;
}

function child(file: string, name: string): string {
  const run = spawnSync(process.execPath, [...process.execArgv, file, name], {
    encoding: "utf8",
    maxBuffer: 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`scenario ${name} failed:\n${run.stderr}`);
  return run.stdout.trim().split("\n").at(-1)!;
}

const only = process.argv[2];
if (only) {
  const run = scenarios[only];
  if (!run) throw new Error(`unknown scenario ${only}`);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const rows = Object.keys(scenarios).map((name) => JSON.parse(child(self, name)) as Outcome);
  const toolBench = fileURLToPath(new URL("../../tool/bench/run.ts", import.meta.url));
  const tool = ["emit", "reverse"].map((name) => JSON.parse(child(toolBench, name)) as ToolOutcome);
  console.log("| scenario | time (s) | rate | peak RSS (MiB) |");
  console.log("|---|---:|---:|---:|");
  for (const row of rows) {
    console.log(
      `| ${row.scenario} | ${row.seconds.toFixed(2)} | ${row.rate.toFixed(0)} ${row.unit} | ${row.peakRssMiB.toFixed(0)} |`,
    );
  }
  for (const row of tool) {
    console.log(
      `| ${row.scenario} (@x/tool, same run) | ${row.seconds.toFixed(2)} | ${row.mibPerSecond.toFixed(0)} MiB/s | ${row.peakRssMiB.toFixed(0)} |`,
    );
  }
  const stream = rows.find((row) => row.scenario.includes("100 MiB"))!;
  const small = rows.find((row) => row.scenario.includes("10 MiB"))!;
  const emit = tool[0]!;
  const speed = stream.rate >= emit.mibPerSecond / 1.5;
  const memory = stream.peakRssMiB <= emit.peakRssMiB * 1.5;
  const flat = stream.peakRssMiB <= small.peakRssMiB * 1.5;
  console.log("");
  console.log(
    `target (within 1.5× of the tool blob relay out, RSS flat in the body size): speed ${speed ? "met" : "MISSED"} ` +
      `(${stream.rate.toFixed(0)} vs ${emit.mibPerSecond.toFixed(0)} MiB/s), RSS ${memory ? "met" : "MISSED"} ` +
      `(${stream.peakRssMiB.toFixed(0)} vs ${emit.peakRssMiB.toFixed(0)} MiB), flat ${flat ? "met" : "MISSED"} ` +
      `(100 MiB body ${stream.peakRssMiB.toFixed(0)} MiB vs 10 MiB body ${small.peakRssMiB.toFixed(0)} MiB)`,
  );
}
