import type { PluginManifest } from "@x/protocol";
import { definePluginManifest } from "../src/index.js";

/** One benchmark figure and its printable line. */
export interface BenchResult {
  transport: string;
  name: string;
  count: number;
  ms: number;
  perSecond: number;
  line: string;
}

/** Formats a figure the way the other benches print theirs. */
export function report(
  transport: string,
  name: string,
  count: number,
  ms: number,
  target?: number,
): BenchResult {
  const perSecond = Math.round((count / ms) * 1000);
  const verdict =
    target === undefined
      ? ""
      : `  target ≥ ${target.toLocaleString("en-US")}/s  ${perSecond >= target ? "yes" : "NO"}`;
  const line = `${transport.padEnd(18)} ${name.padEnd(32)} ${String(count).padStart(7)} calls  ${ms.toFixed(0).padStart(6)} ms  ${perSecond.toLocaleString("en-US").padStart(9)}/s${verdict}`;
  return { transport, name, count, ms, perSecond, line };
}

/** A valid manifest for the remote benches. */
export function benchManifest(): PluginManifest {
  return definePluginManifest({
    version: "0.0.1",
    author: "bench",
    name: "bench",
    label: "Bench",
    description: "Benchmark plugin",
    icon: "icon.svg",
    created_at: "2025-01-01T00:00:00Z",
    permission: { tool: { enabled: true } },
  });
}

/** A valid tool provider declaration. */
export function benchTool(): object {
  return {
    identity: {
      author: "bench",
      name: "bench",
      label: { en_US: "Bench" },
      description: { en_US: "Benchmark" },
      icon: "icon.svg",
    },
    credentials_schema: [],
    tools: [
      {
        identity: { author: "bench", name: "noop", label: { en_US: "Noop" } },
        description: { human: { en_US: "Does nothing" }, llm: "Does nothing" },
        parameters: [],
      },
    ],
  };
}

/** A small icon. */
export const ICON_BYTES = new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>");
