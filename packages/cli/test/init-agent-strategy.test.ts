import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { validateRegistration } from "@x/core";
import { AgentStrategyProviderDeclarationSchema, PluginManifestSchema } from "@x/protocol";
import {
  invokeAgentStrategy,
  launchStdioPlugin,
  llmChunks,
  MockDify,
  perCall,
  toolMessages,
} from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readZip, runCli } from "../src/index.js";
import { linkDependencies, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// `x-plugin init --kind agent-strategy` → its own tests → check → package, then the package runs as the daemon
// starts it (`python -m main`, stdio) and runs one LLM + tool round against a scripted Dify.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];
const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], {
  encoding: "utf8",
}).stdout.trim();

let root: string;
let project: string;

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: root }).then((code) => ({
    code,
    out: out.join("\n"),
    err: err.join("\n"),
  }));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-agent-strategy-"));
  project = join(root, "mini-agent");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("x-plugin init --kind agent-strategy", { timeout: 120_000 }, () => {
  it("scaffolds an agent strategy plugin that passes its own tests and type-checks", async () => {
    const result = await cli(["init", "mini-agent", "--author", "acme", "--kind", "agent-strategy"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    for (const file of [
      "src/strategies/one-round.ts",
      "src/plugin.ts",
      "test/one-round.test.ts",
      "README.md",
    ]) {
      expect(result.out).toContain(file);
    }
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@x/agent": "^0.1.0", "@x/core": "^0.1.0", "@x/protocol": "^0.1.0" });
    expect(readFileSync(join(project, "README.md"), "utf8")).toMatch(/^# Mini Agent\n/);

    linkDependencies(project);
    const vitest = join(project, "node_modules", "vitest", "vitest.mjs");
    const test = spawnSync(
      process.execPath,
      [vitest, "run", "--config", "vitest.workspace-sources.config.mjs"],
      { cwd: project, encoding: "utf8" },
    );
    expect(test.stdout + test.stderr).toContain("2 passed");
    expect(test.status).toBe(0);

    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    const typecheck = spawnSync(
      process.execPath,
      [tsc, "--noEmit", "-p", ".", "--customConditions", "@x/source"],
      { cwd: project, encoding: "utf8" },
    );
    expect(typecheck.stdout + typecheck.stderr).toBe("");
    expect(typecheck.status).toBe(0);
  });

  it("check passes the fresh scaffold, permissions included", async () => {
    const result = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.out).toContain("✓ acme/mini-agent 0.0.1 passes every check");
    expect(result.code).toBe(0);
  });

  it("packages it; the unpacked package runs one LLM + tool round under python -m main", async () => {
    const out = join(root, "out");
    const result = await cli(["package", "--dir", project, "--out", out, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const packageFile = join(out, "mini-agent-0.0.1.difypkg");
    const files = new Map((await readZip(readFileSync(packageFile))).files.map((f) => [f.path, f.data]));
    const text = (path: string) => files.get(path)?.toString("utf8") ?? "";
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.resource.permission).toEqual({
      model: { enabled: true, llm: true },
      tool: { enabled: true },
    });
    expect(manifest.plugins).toEqual({ agent_strategies: ["provider/mini-agent.yaml"] });
    const provider = parse(text(manifest.plugins.agent_strategies[0]));
    provider.strategies = provider.strategies.map((path: string) => parse(text(path)));
    expect(AgentStrategyProviderDeclarationSchema.safeParse(provider).success).toBe(true);
    expect(provider.strategies.map((s: { identity: { name: string } }) => s.identity.name)).toEqual([
      "one_round",
    ]);
    const assets = new Map(
      [...files].filter(([path]) => path.startsWith("_assets/")).map(([path, data]) => [path.slice(8), data]),
    );
    expect(validateRegistration({ manifest, declarations: { agent_strategy: [provider] }, assets })).toEqual(
      [],
    );

    const unpacked = join(root, "installed");
    execFileSync(python, [
      "-c",
      "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
      packageFile,
      unpacked,
    ]);
    const dify = new MockDify();
    dify.llm(perCall(llmChunks.toolCall("weather", { city: "Paris" }), llmChunks.text("Sunny in Paris.")));
    dify.tool("builtin", "acme/weather/weather", "weather", [toolMessages.text("sunny, 21 °C")]);
    const stderr: string[] = [];
    const plugin = await launchStdioPlugin({
      command: python,
      args: ["-m", "main"],
      cwd: unpacked,
      env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
      dify,
      readyTimeout: 60_000,
      onStderr: (line) => stderr.push(line),
    });
    try {
      const run = await invokeAgentStrategy(plugin, {
        provider: "mini-agent",
        strategy: "one_round",
        params: {
          model: { provider: "openai", model: "gpt-4o-mini", mode: "chat", completion_params: {} },
          tools: [
            {
              identity: {
                author: "acme",
                name: "weather",
                label: { en_US: "Weather" },
                provider: "acme/weather/weather",
              },
              parameters: [
                {
                  name: "city",
                  label: { en_US: "City" },
                  type: "string",
                  form: "llm",
                  required: true,
                  llm_description: "City",
                },
              ],
              description: { human: { en_US: "Weather now" }, llm: "The weather in a city" },
            },
          ],
          query: "Weather in Paris?",
        },
      });
      expect(run.error).toBeNull();
      expect(run.text).toBe("Sunny in Paris.");
      expect(run.logs.map((round) => [round.label, round.children.map((step) => step.label)])).toEqual([
        ["ROUND 1", ["CALL weather"]],
        ["ROUND 2", []],
      ]);
    } finally {
      const code = await plugin.close();
      expect(stderr.join("\n")).not.toContain("x-plugin:");
      expect(code).toBe(0);
    }
  });
});
