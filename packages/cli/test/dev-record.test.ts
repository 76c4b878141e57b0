import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockDify, parseCassette, startTcpFakeDaemon, type TcpFakeDaemon, toolMessages } from "@x/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DevOptions, readProject, runCli, runDev } from "../src/index.js";
import { relayPlugin, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// `x-plugin dev --record`: the real dev proxy between @x/testing's TCP fake daemon and the scaffolded plugin as a
// child process, recording each reverse call; then the cassette answers the same plugin through the fake daemon.

/** The cassette the README's replay example reads (RERECORD=1 writes it from the first test's recording). */
const README_CASSETTE = new URL("./fixtures/cassettes/relay.jsonl", import.meta.url);
const KEY = "5b1e9d0c-2f4a-4e3b-8c7d-6a9f0e1b2c3d";
const SECRET = "sk-live-Zq81mXc3Vb7";
let root: string;
let projectDir: string;
let daemon: TcpFakeDaemon | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-record-"));
  projectDir = relayPlugin(root, "rec-tools");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
});

function devRun(options: Partial<DevOptions>) {
  const lines: string[] = [];
  const controller = new AbortController();
  const result = runDev(readProject(projectDir), {
    print: (line) => lines.push(line),
    env: { REMOTE_INSTALL_URL: `127.0.0.1:${daemon?.port ?? 1}`, REMOTE_INSTALL_KEY: KEY },
    conditions: WORKSPACE_CONDITIONS,
    signal: controller.signal,
    confirmDelay: 200,
    ...options,
  });
  return { lines, result, stop: () => controller.abort() };
}

async function relayOnce(question: string) {
  const connection = await (daemon as TcpFakeDaemon).nextConnection();
  return connection.invokeTool({
    provider: "rec-tools",
    tool: "relay",
    parameters: { question },
    credentials: { api_key: SECRET },
  });
}

describe("x-plugin dev --record", { timeout: 120_000 }, () => {
  const cassette = () => join(root, "cassettes", "relay.jsonl");
  const pdf = Buffer.alloc(10_000, "%PDF-1.7 recorded by x-plugin dev ");

  it("writes each reverse call and the daemon's whole answer, credentials masked, blobs stored once", async () => {
    const dify = new MockDify({ permissions: { tool: { enabled: true } } });
    dify.tool("builtin", "acme/echo/echo", "echo", (call) => [
      toolMessages.text(`pong (${String(call.request.tool_parameters?.text)})`),
      toolMessages.blob(pdf, { mime_type: "application/pdf", filename: "a.pdf" }),
    ]);
    daemon = await startTcpFakeDaemon({ key: KEY, dify });
    const run = devRun({ record: cassette() });
    const relayed = await relayOnce(`ping with ${SECRET}`);
    expect(relayed.error).toBeNull();
    expect(relayed.text).toBe(`echo says: pong (ping with ${SECRET})`);
    run.stop();
    expect(await run.result).toEqual({ exitCode: 0, reason: "stopped" });

    const bytes = readFileSync(cassette(), "utf8");
    if (process.env.RERECORD === "1") copyFileSync(cassette(), README_CASSETTE);
    expect(bytes).not.toContain(SECRET);
    expect(bytes).not.toContain(KEY);
    const { header, entries } = parseCassette(bytes);
    expect(header).toMatchObject({ version: 1, recorded_by: "x-plugin dev", plugin: "acme/rec-tools:0.0.1" });
    expect(entries).toEqual([
      {
        call: 1,
        session: 1,
        type: "tool",
        request: {
          tool_type: "builtin",
          provider: "acme/echo/echo",
          tool: "echo",
          tool_parameters: { text: "ping with [redacted]" },
        },
        reply: [
          { stream: { type: "text", message: { text: "pong (ping with [redacted])" }, meta: null } },
          {
            blob_chunks: {
              id: expect.any(String),
              total_length: 10_000,
              chunk_size: 8192,
              meta: { mime_type: "application/pdf", filename: "a.pdf" },
              blob: { $blob: pdf.toString("base64"), wire: "base64", bytes: 10_000 },
            },
          },
        ],
        end: true,
      },
    ]);
    const text = run.lines.join("\n");
    expect(text).toContain(`recording reverse calls to ${cassette()} (credentials masked)`);
    expect(text).toContain(`● recorded call 1 (tool) in ${cassette()}`);
    expect(text).toContain(`cassette ${cassette()}: 1 reverse call recorded`);
  });

  it("answers the same plugin from the cassette through the fake daemon", async () => {
    const dify = MockDify.fromCassette(cassette(), { permissions: { tool: { enabled: true } } });
    daemon = await startTcpFakeDaemon({ key: KEY, dify });
    const run = devRun({});
    const relayed = await relayOnce("ping with another-test-key");
    run.stop();
    await run.result;
    expect(relayed.error).toBeNull();
    expect(relayed.text).toBe("echo says: pong (ping with [redacted])");
    expect(dify.calls.map((call) => call.outcome)).toEqual(["replayed"]);
    dify.assertCassettesUsed();
  });

  it("refuses to overwrite a cassette unless --rerecord", async () => {
    const before = readFileSync(cassette(), "utf8");
    const run = devRun({ record: cassette() });
    expect(await run.result).toEqual({ exitCode: 1, reason: "cassette_exists" });
    expect(run.lines.join("\n")).toContain("fix: pass --rerecord to record it again");
    expect(readFileSync(cassette(), "utf8")).toBe(before);

    const err: string[] = [];
    const code = await runCli(["dev", "--dir", projectDir, "--rerecord"], {
      out: () => {},
      err: (l) => err.push(l),
    });
    expect(code).toBe(2);
    expect(err.join("\n")).toContain("--rerecord goes with --record <cassette.jsonl>");
  });

  it("--rerecord replaces the cassette with the new recording", async () => {
    writeFileSync(cassette(), "old\n");
    const dify = new MockDify({ permissions: { tool: { enabled: true } } });
    dify.tool("builtin", "acme/echo/echo", "echo", [toolMessages.text("fresh")]);
    daemon = await startTcpFakeDaemon({ key: KEY, dify });
    const run = devRun({ record: cassette(), rerecord: true });
    expect((await relayOnce("again")).text).toBe("echo says: fresh");
    run.stop();
    await run.result;
    const { entries } = parseCassette(readFileSync(cassette(), "utf8"));
    expect(entries.map((entry) => entry.reply)).toEqual([
      [{ stream: { type: "text", message: { text: "fresh" }, meta: null } }],
    ]);
  });
});
