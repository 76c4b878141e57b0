import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockDify, startTcpFakeDaemon, type TcpFakeDaemon, toolMessages } from "@x/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readProject, runDev } from "../src/index.js";
import { relayPlugin, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// `x-plugin dev` against @x/testing's TCP fake daemon, which validates the handshake and registration with the
// daemon's rules and answers a bad key with the daemon's exact text.

const KEY = "0f3c2a9e-7d1b-4c55-9a62-1e8b7f4d2c10";
let root: string;
let projectDir: string;
let daemon: TcpFakeDaemon | undefined;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-dev-"));
  projectDir = relayPlugin(root, "dev-tools");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  await daemon?.close();
  daemon = undefined;
});

function devRun(env: Record<string, string>, options: { exitAfterRegistration?: boolean } = {}) {
  const lines: string[] = [];
  const controller = new AbortController();
  const result = runDev(readProject(projectDir), {
    print: (line) => lines.push(line),
    env,
    conditions: WORKSPACE_CONDITIONS,
    signal: controller.signal,
    confirmDelay: 200,
    ...options,
  });
  return { lines, result, stop: () => controller.abort() };
}

// Slow machines: these spawn vitest, tsc, esbuild, Python and Node.
describe("x-plugin dev", { timeout: 120_000 }, () => {
  it("registers, then shows each request and reverse call as they happen", async () => {
    const dify = new MockDify({ permissions: { tool: { enabled: true } } });
    dify.tool("builtin", "acme/echo/echo", "echo", [toolMessages.text("pong")]);
    daemon = await startTcpFakeDaemon({ key: KEY, dify });
    const run = devRun({ REMOTE_INSTALL_URL: `127.0.0.1:${daemon.port}`, REMOTE_INSTALL_KEY: KEY });
    const connection = await daemon.nextConnection();
    expect(connection.registration.manifest).toMatchObject({ author: "acme", name: "dev-tools" });

    const relayed = await connection.invokeTool({
      provider: "dev-tools",
      tool: "relay",
      parameters: { question: "ping" },
    });
    expect(relayed.error).toBeNull();
    expect(relayed.text).toBe("echo says: pong");
    run.stop();
    const result = await run.result;
    expect(result).toEqual({ exitCode: 0, reason: "stopped" });

    const text = run.lines.join("\n");
    expect(text).not.toContain(KEY);
    expect(text).toContain(`connecting to the daemon at 127.0.0.1:${daemon.port}`);
    expect(text).toContain("manifest acme/dev-tools 0.0.1");
    expect(text).toContain('tool provider "dev-tools" (2 tools');
    expect(text).toContain('tool "relay"(question: string)');
    expect(text).toContain("asset icon.svg");
    expect(text).toContain("✓ registered acme/dev-tools:0.0.1");
    expect(text).toContain('→ request tool/invoke_tool dev-tools/relay {"question":"ping"}');
    expect(text).toContain("→ reverse call tool");
    expect(text).toMatch(/← reverse call \S+ answer/);
    expect(text).toContain("echo says: pong");
  });

  it("says to fix REMOTE_INSTALL_KEY when the daemon refuses the key", async () => {
    daemon = await startTcpFakeDaemon({ key: KEY });
    const run = devRun({ REMOTE_INSTALL_URL: `127.0.0.1:${daemon.port}`, REMOTE_INSTALL_KEY: "not-the-key" });
    const result = await run.result;
    expect(result).toEqual({ exitCode: 1, reason: "rejected" });
    const text = run.lines.join("\n");
    expect(text).toContain("the daemon refused the plugin: handshake failed, invalid key");
    expect(text).toContain("fix: the debugging key is wrong or expired");
    expect(text).not.toContain("not-the-key");
  });

  it("says what to check when nothing listens at the host and port", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const run = devRun({ REMOTE_INSTALL_URL: `127.0.0.1:${port}`, REMOTE_INSTALL_KEY: KEY });
    const result = await run.result;
    expect(result).toEqual({ exitCode: 1, reason: "unreachable" });
    expect(run.lines.join("\n")).toContain(`nothing accepts connections at 127.0.0.1:${port}`);
  });

  it("says which setting is missing before starting anything", async () => {
    const run = devRun({ REMOTE_INSTALL_URL: "127.0.0.1:5003" });
    expect(await run.result).toEqual({ exitCode: 1, reason: "config" });
    expect(run.lines.join("\n")).toContain("REMOTE_INSTALL_KEY");
  });
});
