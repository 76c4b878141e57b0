// Throughput and peak memory of 100 MiB blobs through @x/tool over the in-memory pair (real codec).
// Each scenario runs in its own child process so peak RSS (`maxRSS`) belongs to that scenario alone.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { InMemoryTransport, Plugin, PluginRuntime, silentLogger } from "@x/core";
import { BLOB_CHUNK_SIZE } from "@x/core/internal";
import { defineTool, defineToolProvider, messages, toolExtension } from "../src/index.js";

const MiB = 1024 * 1024;
const BLOB_BYTES = 100 * MiB;
const CHUNKS = BLOB_BYTES / BLOB_CHUNK_SIZE;

interface Outcome {
  scenario: string;
  seconds: number;
  mibPerSecond: number;
  peakRssMiB: number;
  bytes: number;
}

/** 8192 bytes of 0..255: every chunk of the pattern blob is the same, so the daemon side holds no 100 MiB copy. */
function patternChunk(): Buffer {
  const chunk = Buffer.alloc(BLOB_CHUNK_SIZE);
  for (let i = 0; i < chunk.length; i++) chunk[i] = i % 256;
  return chunk;
}

function requestFrame(sessionId: string, data: Record<string, unknown>) {
  return {
    session_id: sessionId,
    conversation_id: null,
    message_id: null,
    app_id: null,
    endpoint_id: null,
    context: null,
    event: "request",
    data: { type: "tool", user_id: "bench", credentials: {}, ...data },
  };
}

/** A plugin session reads a 100 MiB blob answered by the "daemon" as 12 800 blob_chunk frames. */
async function reverseCall(): Promise<Outcome> {
  let received = 0;
  let started = 0;
  let finished = 0;
  const plugin = new Plugin().use(toolExtension).on("tool", "invoke_tool", async (session) => {
    started = performance.now();
    const blobs = await session.tool
      .invokeBuiltinTool("bench/blob/blob", "blob", {}, { maxBlobSize: BLOB_BYTES })
      .blobs();
    finished = performance.now();
    received = blobs[0]?.bytes.byteLength ?? 0;
    if (blobs[0]?.bytes[BLOB_BYTES - 1] !== 255) throw new Error("reassembled blob is wrong");
  });
  const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
  const runtime = new PluginRuntime({ plugin, transport: side, logger: silentLogger });
  const b64 = patternChunk().toString("base64");
  const done = new Promise<void>((resolve) => {
    daemon.onmessage = (value) => {
      const frame = value as { data: { type: string; data: { backwards_request_id?: string } } };
      if (frame.data.type === "end") resolve();
      if (frame.data.type !== "invoke") return;
      const id = frame.data.data.backwards_request_id!;
      void (async () => {
        const send = (data: unknown) =>
          daemon.send({
            session_id: "bench",
            event: "backwards_response",
            data: { backwards_request_id: id, event: "response", message: "stream", data },
          });
        for (let sequence = 0; sequence <= CHUNKS; sequence++) {
          const end = sequence === CHUNKS;
          await send({
            type: "blob_chunk",
            message: { id: "b", sequence, total_length: BLOB_BYTES, blob: end ? "" : b64, end },
            meta: { mime_type: "application/octet-stream" },
          });
          // A real daemon writes into a pipe; yield now and then so the reader drains, as the pipe would make us.
          if (sequence % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
        }
        await daemon.send({
          session_id: "bench",
          event: "backwards_response",
          data: { backwards_request_id: id, event: "end", message: "", data: null },
        });
      })();
    };
  });
  await daemon.start();
  await runtime.start();
  await daemon.send(requestFrame("bench", { action: "invoke_tool" }));
  await done;
  await runtime.close();
  return outcome("reverse call: 100 MiB blob in", received, finished - started);
}

/** A tool yields a 100 MiB blob; the SDK sends it as blob_chunk frames to the "daemon", which counts the bytes. */
async function toolEmits(): Promise<Outcome> {
  const blob = Buffer.alloc(BLOB_BYTES);
  const chunk = patternChunk();
  for (let offset = 0; offset < BLOB_BYTES; offset += BLOB_CHUNK_SIZE) chunk.copy(blob, offset);
  const tool = defineTool({
    identity: { name: "big" },
    description: "Emits a 100 MiB blob",
    *invoke() {
      yield messages.blob(blob, { mime_type: "application/octet-stream", filename: "big.bin" });
    },
  });
  const provider = defineToolProvider({
    identity: { author: "bench", name: "bench", label: "Bench", description: "Bench", icon: "icon.svg" },
    tools: [tool],
  });
  const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
  const runtime = new PluginRuntime({
    plugin: new Plugin().register(provider),
    transport: side,
    logger: silentLogger,
  });
  let bytes = 0;
  let frames = 0;
  const done = new Promise<void>((resolve) => {
    daemon.onmessage = (value) => {
      const frame = value as { data: { type: string; data: { message?: { blob?: string } } } };
      if (frame.data.type === "stream") {
        frames++;
        bytes += Buffer.byteLength(frame.data.data.message?.blob ?? "", "base64");
      }
      if (frame.data.type === "end") resolve();
    };
  });
  await daemon.start();
  await runtime.start();
  const started = performance.now();
  await daemon.send(
    requestFrame("bench", { action: "invoke_tool", provider: "bench", tool: "big", tool_parameters: {} }),
  );
  await done;
  const elapsed = performance.now() - started;
  await runtime.close();
  if (frames !== CHUNKS + 1) throw new Error(`expected ${CHUNKS + 1} chunk frames, got ${frames}`);
  return outcome("tool emits: 100 MiB blob out", bytes, elapsed);
}

function outcome(scenario: string, bytes: number, ms: number): Outcome {
  if (bytes !== BLOB_BYTES) throw new Error(`${scenario}: moved ${bytes} bytes, expected ${BLOB_BYTES}`);
  const seconds = ms / 1000;
  return {
    scenario,
    seconds,
    mibPerSecond: bytes / MiB / seconds,
    peakRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB,
    bytes,
  };
}

const scenarios: Record<string, () => Promise<Outcome>> = { reverse: reverseCall, emit: toolEmits };
const only = process.argv[2];

if (only) {
  const run = scenarios[only];
  if (!run) throw new Error(`unknown scenario ${only}`);
  process.stdout.write(`${JSON.stringify(await run())}\n`);
} else {
  const rows: Outcome[] = [];
  for (const name of Object.keys(scenarios)) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], {
      encoding: "utf8",
      maxBuffer: 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(`scenario ${name} failed:\n${child.stderr}`);
    rows.push(JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Outcome);
  }
  const limit = (3 * BLOB_BYTES) / MiB;
  console.log("| scenario | time (s) | MiB/s | peak RSS (MiB) | target |");
  console.log("|---|---:|---:|---:|---|");
  for (const row of rows) {
    const ok = row.mibPerSecond >= 100 && row.peakRssMiB < limit;
    console.log(
      `| ${row.scenario} | ${row.seconds.toFixed(2)} | ${row.mibPerSecond.toFixed(0)} | ${row.peakRssMiB.toFixed(0)} | ${ok ? "met" : "MISSED"} (≥ 100 MiB/s, RSS < ${limit} MiB) |`,
    );
  }
}
