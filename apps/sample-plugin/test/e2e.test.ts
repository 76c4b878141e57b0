import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  launchStdioPlugin,
  MockDify,
  type PluginConnection,
  type StdioPluginProcess,
  startTcpFakeDaemon,
  type TcpFakeDaemon,
  toolMessages,
} from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { childEnv, emptyCwd, MAIN_ARGS, type SampleProcess, startSample } from "./child-process.js";
import { classifiedAs, MODEL } from "./support.js";

// The sample runs as a real child process (`node src/main.ts` through tsx, as `pnpm start` runs it), talking to
// @x/testing's out-of-process fake daemon over a real TCP socket or real stdio pipes.

const KEY = "e2e-debug-key-0123456789";
const BILLING = "I was charged twice for invoice INV-42 (19.99 EUR)";

/** A Dify that classifies as billing, extracts INV-42, answers a lookup and serves a 2 MiB file. */
function scenario(blob: Uint8Array): MockDify {
  const dify = new MockDify();
  dify.questionClassifier(classifiedAs("billing", BILLING));
  dify.parameterExtractor({
    outputs: { invoice_id: "INV-42", amount: 19.99, __is_success: 1, __reason: "" },
  });
  dify.tool("builtin", "acme/kb/kb", "search", [toolMessages.text("KB-1 refunds take 5 days")]);
  dify.app([
    { event: "message", answer: "Refunds", conversation_id: "c", message_id: "m" },
    { event: "message", answer: " take 5 days", conversation_id: "c", message_id: "m" },
    { event: "message_end", conversation_id: "c", message_id: "m", metadata: {} },
  ]);
  dify.tool("builtin", "acme/files/files", "get", [
    toolMessages.text("here it is"),
    toolMessages.blob(blob, { mime_type: "application/pdf", filename: "invoice.pdf" }),
  ]);
  return dify;
}

const TRIAGE = {
  provider: "support_triage",
  tool: "triage",
  parameters: { message: BILLING, model: MODEL, lookup_provider: "acme/kb/kb", lookup_tool: "search" },
};
const RELAY = {
  provider: "support_triage",
  tool: "relay",
  parameters: { provider: "acme/files/files", tool: "get" },
};

const EXPECTED_REPORT = {
  category: "billing",
  class_id: "billing",
  extracted: true,
  fields: { invoice_id: "INV-42", amount: 19.99 },
  reason: null,
  lookup: ["KB-1 refunds take 5 days"],
};

const SETTINGS = { model: MODEL, app: { app_id: "app-1" } };

/** Calls both endpoints through `connection` and checks their answers. */
async function checkEndpoints(connection: PluginConnection): Promise<void> {
  const triage = await connection.fetch(
    new Request("https://dify.example/triage", {
      method: "POST",
      body: JSON.stringify({ message: BILLING }),
    }),
    { settings: SETTINGS },
  );
  expect(triage.status).toBe(200);
  expect(await triage.json()).toEqual({ ...EXPECTED_REPORT, lookup: [] });
  const ask = await connection.fetch(
    new Request("https://dify.example/ask", { method: "POST", body: JSON.stringify({ query: "refund?" }) }),
    { settings: SETTINGS },
  );
  expect(ask.status).toBe(200);
  expect(ask.headers.get("content-type")).toBe("text/event-stream");
  expect(await ask.text()).toBe('data: {"answer":"Refunds"}\n\ndata: {"answer":" take 5 days"}\n\n');
  const bad = await connection.fetch(
    new Request("https://dify.example/triage", { method: "POST", body: "not json" }),
    { settings: SETTINGS },
  );
  expect(bad.status).toBe(400);
}

let daemon: TcpFakeDaemon | undefined;
let sample: SampleProcess | undefined;
let stdio: StdioPluginProcess | undefined;

afterEach(async () => {
  if (sample && sample.child.exitCode === null) sample.child.kill("SIGKILL");
  await stdio?.close().catch(() => undefined);
  await daemon?.close();
  daemon = undefined;
  sample = undefined;
  stdio = undefined;
});

describe("end to end, as a child process", () => {
  it("registers over TCP remote debugging, triages a message, serves both endpoints and relays a 2 MiB blob, then stops on SIGTERM", async () => {
    const blob = randomBytes(2 * 1024 * 1024 + 7);
    daemon = await startTcpFakeDaemon({ key: KEY, dify: scenario(blob) });
    sample = startSample({
      INSTALL_METHOD: "remote",
      REMOTE_INSTALL_URL: `127.0.0.1:${daemon.port}`,
      REMOTE_INSTALL_KEY: KEY,
    });
    const connection = await daemon.nextConnection({ timeout: 60_000 });

    expect(connection.registration.manifest).toMatchObject({
      author: "xsdk",
      name: "support_triage",
      version: "0.1.0",
    });
    expect(connection.registration.declarations.tool).toMatchObject({ identity: { name: "support_triage" } });
    expect([...connection.registration.assets.keys()]).toEqual(["icon.svg"]);
    expect(connection.registration.declarations.endpoint).toMatchObject({
      endpoints: [
        { path: "/triage", method: "POST" },
        { path: "/ask", method: "POST" },
      ],
    });
    await checkEndpoints(connection);

    const triaged = await connection.invokeTool(TRIAGE);
    expect(triaged.error).toBeNull();
    expect(triaged.calls.map((call) => call.type)).toEqual([
      "node_question_classifier",
      "node_parameter_extractor",
      "tool",
    ]);
    expect(triaged.messages.map((m) => m.type)).toEqual(["variable", "json", "text"]);
    expect(triaged.messages[1]).toMatchObject({ message: { json_object: EXPECTED_REPORT } });
    expect(triaged.text).toContain("billing");

    const relayed = await connection.invokeTool(RELAY);
    expect(relayed.error).toBeNull();
    expect(
      relayed.items.filter((item) => (item as { type: string }).type === "blob_chunk").length,
    ).toBeGreaterThan(256);
    const file = relayed.messages[1] as { type: string; message: { blob: Uint8Array } };
    expect(file.type).toBe("blob");
    expect(Buffer.from(file.message.blob).equals(blob)).toBe(true);

    await sample.waitForStderr(/support_triage: running/);
    sample.child.kill("SIGTERM");
    expect(await sample.exited).toBe(0);
    expect(sample.stderr()).not.toContain(KEY);
  });

  it("reads INSTALL_METHOD, REMOTE_INSTALL_URL and REMOTE_INSTALL_KEY from a .env in its working directory", async () => {
    daemon = await startTcpFakeDaemon({ key: KEY, dify: scenario(new Uint8Array(1)) });
    const cwd = emptyCwd();
    writeFileSync(
      join(cwd, ".env"),
      `# copied from Dify: Plugins → debugging\nINSTALL_METHOD=remote\nREMOTE_INSTALL_URL=127.0.0.1:${daemon.port}\nREMOTE_INSTALL_KEY="${KEY}"\n`,
    );
    sample = startSample({}, cwd);
    const connection = await daemon.nextConnection({ timeout: 60_000 });
    expect(connection.registration.manifest).toMatchObject({ name: "support_triage" });
    const triaged = await connection.invokeTool(TRIAGE);
    expect(triaged.messages[1]).toMatchObject({ message: { json_object: EXPECTED_REPORT } });
    sample.child.kill("SIGTERM");
    expect(await sample.exited).toBe(0);
  });

  it("exits with a clear message, and without the key in it, when the daemon refuses the debug key", async () => {
    daemon = await startTcpFakeDaemon({ key: KEY });
    const wrong = "not-the-right-key-9876543210";
    sample = startSample({
      INSTALL_METHOD: "remote",
      REMOTE_INSTALL_URL: `127.0.0.1:${daemon.port}`,
      REMOTE_INSTALL_KEY: wrong,
    });
    const rejection = await daemon.nextRejection();
    expect(rejection.reply).toContain("invalid key");
    expect(await sample.exited).toBe(1);
    expect(sample.stderr()).toMatch(/support_triage: .*key/i);
    expect(sample.stderr()).not.toContain(wrong);
  });

  it("runs over stdio like the daemon's local runtime: triage, both endpoints, relay of a 2 MiB blob, exit on stdin EOF", async () => {
    const blob = randomBytes(2 * 1024 * 1024 + 7);
    stdio = await launchStdioPlugin({
      command: process.execPath,
      args: MAIN_ARGS,
      cwd: emptyCwd(),
      env: childEnv({}),
      dify: scenario(blob),
      readyTimeout: 60_000,
    });

    const triaged = await stdio.invokeTool(TRIAGE);
    expect(triaged.error).toBeNull();
    expect(triaged.calls.map((call) => call.type)).toEqual([
      "node_question_classifier",
      "node_parameter_extractor",
      "tool",
    ]);
    expect(triaged.messages.map((m) => m.type)).toEqual(["variable", "json", "text"]);
    expect(triaged.messages[1]).toMatchObject({ message: { json_object: EXPECTED_REPORT } });

    await checkEndpoints(stdio);

    const relayed = await stdio.invokeTool(RELAY);
    const file = relayed.messages[1] as { type: string; message: { blob: Uint8Array } };
    expect(file.type).toBe("blob");
    expect(Buffer.from(file.message.blob).equals(blob)).toBe(true);
    // Nothing but protocol frames reached stdout: the fake daemon reports any other line as a problem.
    expect(stdio.daemon.problems).toEqual([]);

    expect(await stdio.close(30_000)).toBe(0);
  });
});
