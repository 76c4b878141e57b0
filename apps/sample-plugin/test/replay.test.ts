import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readProject, runDev } from "@x/cli";
import {
  type CassetteEntry,
  CassetteMismatchError,
  createTestHarness,
  MockDify,
  type PluginConnection,
  parseCassette,
  startTcpFakeDaemon,
  toolMessages,
} from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_APP_ID, demoDify, LOOKUP } from "../demo/mock-answers.js";
import { createSupportTriagePlugin } from "../src/plugin.js";

// The sample's cassette, test/cassettes/support-triage.jsonl, is recorded through `x-plugin dev --record`: the real
// dev proxy between @x/testing's TCP fake daemon (answering with the demo's MockDify) and the sample as a child
// process. The first test records it again and checks it is unchanged (RERECORD=1 rewrites it); the others
// replay it in process, as a plugin author replays what their own Dify answered.

const CASSETTE = fileURLToPath(new URL("./cassettes/support-triage.jsonl", import.meta.url));
const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const KEY = "replay-debug-key-0123456789";
const MODEL = {
  provider: "langgenius/openai/openai",
  model: "gpt-4o-mini",
  model_type: "llm",
  mode: "chat",
  completion_params: { temperature: 0 },
};
const BILLING = "Hello, I was charged twice for invoice INV-20931, 49.90 EUR each time. Can you refund one?";
const BUG = "The mobile app crashes when I open settings. I cannot use it at all.";
const FILES = { provider: "acme/files/files", tool: "get" } as const;
const PDF = Buffer.alloc(10_000, "%PDF-1.7 sample ");

/** What the sample does in this scenario: three triages, a relayed file, and the `/ask` endpoint. */
async function scenario(plugin: PluginConnection, billing = BILLING) {
  const triage = (message: string, lookup?: typeof LOOKUP) =>
    plugin.invokeTool({
      provider: "support_triage",
      tool: "triage",
      parameters: {
        message,
        model: MODEL,
        ...(lookup ? { lookup_provider: lookup.provider, lookup_tool: lookup.tool } : {}),
      },
    });
  const billed = await triage(billing, LOOKUP);
  const bug = await triage(BUG);
  const other = await triage("Do you have an office in Lisbon?");
  const relayed = await plugin.invokeTool({ provider: "support_triage", tool: "relay", parameters: FILES });
  const ask = await plugin.fetch(
    new Request("https://dify.example/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "How long does a refund take?" }),
    }),
    { settings: { model: MODEL, app: { app_id: DEMO_APP_ID } } },
  );
  return { billed, bug, other, relayed, ask: await ask.text() };
}

/** The demo's Dify, plus a file tool answering a 10 000-byte blob (chunked, as Dify streams it). */
function recordingDify(): MockDify {
  const dify = demoDify();
  dify.tool("builtin", FILES.provider, FILES.tool, [
    toolMessages.blob(PDF, { mime_type: "application/pdf", filename: "invoice.pdf" }),
  ]);
  return dify;
}

/** Entries without what changes on every recording: the blob chunk ids. */
function stable(entries: readonly CassetteEntry[]): unknown {
  return JSON.parse(JSON.stringify(entries).replace(/"id":"[0-9a-f-]{32,36}"/g, '"id":"<id>"'));
}

const tmp = mkdtempSync(join(tmpdir(), "support-triage-cassette-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the sample's cassette", () => {
  it("is what x-plugin dev --record writes for the scenario today", async () => {
    const daemon = await startTcpFakeDaemon({ key: KEY, dify: recordingDify() });
    const file = join(tmp, "recorded.jsonl");
    const lines: string[] = [];
    const controller = new AbortController();
    const run = runDev(readProject(APP_DIR), {
      print: (line) => lines.push(line),
      env: { REMOTE_INSTALL_URL: `127.0.0.1:${daemon.port}`, REMOTE_INSTALL_KEY: KEY },
      conditions: ["@x/source"],
      signal: controller.signal,
      confirmDelay: 200,
      record: file,
    });
    try {
      const result = await scenario(await daemon.nextConnection());
      expect(result.billed.error).toBeNull();
      expect(result.relayed.error).toBeNull();
    } finally {
      controller.abort();
      await run;
      await daemon.close();
    }
    expect(await run).toEqual({ exitCode: 0, reason: "stopped" });
    const recorded = readFileSync(file, "utf8");
    expect(recorded).not.toContain(KEY);
    if (process.env.RERECORD === "1") writeFileSync(CASSETTE, recorded);

    const fresh = parseCassette(recorded);
    const committed = parseCassette(readFileSync(CASSETTE, "utf8"), CASSETTE);
    expect(committed.header).toMatchObject({
      recorded_by: "x-plugin dev",
      plugin: "xsdk/support_triage:0.1.0",
    });
    expect(fresh.entries.map((entry) => `${entry.call} ${entry.type}`)).toEqual([
      "1 node_question_classifier",
      "2 node_parameter_extractor",
      "3 tool",
      "4 node_question_classifier",
      "5 node_parameter_extractor",
      "6 node_question_classifier",
      "7 tool",
      "8 app",
    ]);
    expect(
      stable(fresh.entries),
      "the cassette is stale: run RERECORD=1 pnpm test test/replay.test.ts",
    ).toEqual(stable(committed.entries));
  });

  it("replays in process: the sample gives the same results without Dify", async () => {
    const dify = MockDify.fromCassette(CASSETTE);
    const harness = createTestHarness(createSupportTriagePlugin(), { dify });
    const { billed, bug, other, relayed, ask } = await scenario(harness);
    await harness.close(); // every recorded call was used, or this throws CassetteUnusedError

    expect(billed.text).toBe(
      "Triaged as billing: invoice id INV-20931, amount 49.9. Lookup returned 2 texts.",
    );
    expect(bug.text).toContain("Triaged as bug");
    expect(other.text).toContain("Triaged as other");
    const file = relayed.messages.find((message) => message.type === "blob") as {
      message: { blob: Uint8Array };
    };
    expect(Buffer.from(file.message.blob).equals(PDF)).toBe(true);
    expect(ask).toContain('data: {"answer":"Duplicate charges"}');
    expect(dify.calls.every((call) => call.outcome === "replayed")).toBe(true);
  });

  it("fails with a diff when the sample sends a different request than was recorded", async () => {
    const dify = MockDify.fromCassette(CASSETTE, { unused: "allow" });
    const harness = createTestHarness(createSupportTriagePlugin(), { dify });
    const failure = await scenario(harness, "I was charged three times for INV-20931.").catch(
      (e: unknown) => e,
    );
    await harness.close();
    expect(CassetteMismatchError.isInstance(failure)).toBe(true);
    const error = failure as CassetteMismatchError;
    expect(error.description).toBe("node_question_classifier");
    expect(error.nearest?.call).toBe(1);
    expect(error.nearest?.diff).toEqual([
      `request.query: recorded ${JSON.stringify(BILLING)}, got "I was charged three times for INV-20931."`,
    ]);
  });
});
