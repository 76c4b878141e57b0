import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRegistration } from "@x/core";
import { AgentStrategyProviderDeclarationSchema, PluginManifestSchema } from "@x/protocol";
import { invokeAgentStrategy, llmChunks, MockDify, perCall, toolMessages } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  launchUnpacked,
  readPackageFiles,
  runScaffoldTests,
  scaffoldCli,
  typecheckScaffold,
} from "./helpers/scaffold-lifecycle.js";
import { linkDependencies, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// `x-plugin init --kind agent-strategy` → its own tests → check → package, then the package runs as the daemon
// starts it (`python -m main`, stdio) and runs one LLM + tool round against a scripted Dify.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

let root: string;
let project: string;

const cli = scaffoldCli(() => root);

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
    const test = runScaffoldTests(project);
    expect(test.output).toContain("2 passed");
    expect(test.status).toBe(0);

    const typecheck = typecheckScaffold(project);
    expect(typecheck.output).toBe("");
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
    const { text, assets } = await readPackageFiles(packageFile);
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
    expect(validateRegistration({ manifest, declarations: { agent_strategy: [provider] }, assets })).toEqual(
      [],
    );

    const dify = new MockDify();
    dify.llm(perCall(llmChunks.toolCall("weather", { city: "Paris" }), llmChunks.text("Sunny in Paris.")));
    dify.tool("builtin", "acme/weather/weather", "weather", [toolMessages.text("sunny, 21 °C")]);
    const stderr: string[] = [];
    const plugin = await launchUnpacked(packageFile, join(root, "installed"), { dify, stderr });
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
