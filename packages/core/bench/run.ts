// `pnpm bench`: prints the @x/core figures next to the targets. Run with --expose-gc for the heap figure.
import { cpus } from "node:os";
import { codecParseThroughput } from "./codec.bench.js";
import { heapPerCall, perResponse, sequentialInMemory } from "./in-memory.bench.js";
import { sequentialStdio } from "./stdio.bench.js";

type Row = { name: string; value: string; target: string; ok: boolean | undefined };

const rows: Row[] = [];
const fmt = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const inMemory = await sequentialInMemory(200_000);
rows.push({
  name: "sequential round trips, in-memory pair",
  value: `${fmt(inMemory)}/s`,
  target: "≥ 50,000/s",
  ok: inMemory >= 50_000,
});

const stdio = await sequentialStdio(100_000);
rows.push({
  name: "sequential round trips, stdio child process",
  value: `${fmt(stdio)}/s`,
  target: "≥ 15,000/s",
  ok: stdio >= 15_000,
});

const few = await perResponse(10, 200_000);
const many = await perResponse(10_000, 200_000);
rows.push({
  name: "time per response, 10 in flight",
  value: `${fmt(few * 1000, 2)} µs`,
  target: "",
  ok: undefined,
});
rows.push({
  name: "time per response, 10,000 in flight",
  value: `${fmt(many * 1000, 2)} µs`,
  target: "",
  ok: undefined,
});
rows.push({
  name: "ratio 10,000 / 10 in flight",
  value: `${fmt(many / few, 2)}×`,
  target: "≤ 1.5×",
  ok: many / few <= 1.5,
});

const heap = await heapPerCall(10_000);
rows.push({
  name: "heap per in-flight reverse call",
  value: heap === undefined ? "n/a (run with --expose-gc)" : `${fmt(heap)} B`,
  target: "≤ 2,048 B",
  ok: heap === undefined ? undefined : heap <= 2048,
});

const codec = codecParseThroughput(256 * 1_048_576);
rows.push({
  name: `codec parse, ${codec.frameBytes}-byte frames`,
  value: `${fmt(codec.mbPerSecond)} MB/s`,
  target: "≥ 200 MB/s",
  ok: codec.mbPerSecond >= 200,
});

const width = Math.max(...rows.map((r) => r.name.length));
console.log(
  `@x/core benchmarks — Node ${process.version} on ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores)`,
);
console.log("");
console.log(`${"benchmark".padEnd(width)}  ${"measured".padStart(26)}  ${"target".padEnd(11)}  ok`);
for (const row of rows) {
  const ok = row.ok === undefined ? "" : row.ok ? "yes" : "NO";
  console.log(`${row.name.padEnd(width)}  ${row.value.padStart(26)}  ${row.target.padEnd(11)}  ${ok}`);
}

// The TCP and serverless benches (issue 4) live in this folder too; they print their own lines.
const remote = [
  ["./tcp.bench.js", "runTcpBench"],
  ["./serverless.bench.js", "runServerlessBench"],
] as const;
for (const [path, name] of remote) {
  try {
    const module = (await import(path)) as Record<string, () => Promise<Array<{ line: string }>>>;
    const run = module[name];
    if (!run) continue;
    console.log("");
    for (const result of await run()) console.log(result.line);
  } catch (error) {
    console.log(`${name}: skipped (${(error as Error).message})`);
  }
}
