import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRegistration } from "@x/core";
import { AgentStrategyProviderDeclarationSchema, PluginManifestSchema } from "@x/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { packageLayout, readZip, runCli } from "../src/index.js";
import { linkDependencies, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// An agent strategy plugin through check and package: the provider YAML lists one YAML per strategy under
// `plugins.agent_strategies`, as the daemon's decoder reads them (`pkg/plugin_packager/decoder/helper.go`).

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

const MANIFEST = `import { definePluginManifest } from "@x/core";

export const manifest = definePluginManifest({
  version: "0.0.1",
  author: "acme",
  name: "echo-agent",
  label: "Echo Agent",
  description: "An agent strategy that echoes.",
  icon: "icon.svg",
  created_at: "2026-01-01T00:00:00Z",
  permission: {},
});
`;

const PLUGIN = `import { Plugin } from "@x/core";
import { defineAgentStrategy, defineAgentStrategyProvider, messages } from "@x/agent";
import { manifest } from "./manifest.js";

const echo = defineAgentStrategy({
  identity: { name: "echo", label: "Echo" },
  description: "Repeats the query",
  features: ["history-messages"],
  parameters: {
    model: { type: "model-selector", scope: "tool-call&llm", required: true },
    tools: { type: "array[tools]" },
    query: { type: "string", required: true },
    maximum_iterations: { type: "number", default: 3, min: 1, max: 10 },
  },
  *invoke({ query }) {
    yield messages.text(query);
  },
});

export const provider = defineAgentStrategyProvider({
  identity: { author: "acme", name: "echo_agent", label: "Echo", description: "Echo strategies", icon: "icon.svg" },
  strategies: [echo],
});

const plugin = new Plugin({ manifest }).register(provider);
export default plugin;
`;

const WITH_TOOL = `
import { defineTool, defineToolProvider } from "@x/tool";
plugin.register(
  defineToolProvider({
    identity: { author: "acme", name: "extra", label: "Extra", description: "Extra", icon: "icon.svg" },
    tools: [defineTool({ identity: { name: "noop" }, description: "No-op", invoke() {} })],
  }),
);
`;

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
  root = mkdtempSync(join(tmpdir(), "x-plugin-agent-"));
  project = join(root, "echo-agent");
  mkdirSync(join(project, "src"), { recursive: true });
  mkdirSync(join(project, "_assets"));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "echo-agent",
      version: "0.0.1",
      private: true,
      type: "module",
      dependencies: { "@x/core": "*", "@x/agent": "*", "@x/tool": "*" },
    }),
  );
  writeFileSync(join(project, "src/manifest.ts"), MANIFEST);
  writeFileSync(join(project, "src/plugin.ts"), PLUGIN);
  writeFileSync(join(project, "_assets/icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  linkDependencies(project);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("an agent strategy plugin", { timeout: 120_000 }, () => {
  it("packages into manifest → provider → one YAML per strategy, which the daemon's rules accept", async () => {
    const result = await cli(["package", "--dir", project, "--out", join(root, "out"), ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const zip = await readZip(readFileSync(join(root, "out", "echo-agent-0.0.1.difypkg")));
    const files = new Map(zip.files.map((f) => [f.path, f.data.toString("utf8")]));
    expect([...files.keys()].filter((path) => path.endsWith(".yaml")).sort()).toEqual([
      "manifest.yaml",
      "provider/echo_agent.yaml",
      "strategies/echo.yaml",
    ]);
    // Decode like the daemon: manifest.yaml → plugins.agent_strategies → provider → strategy files.
    const manifest = parse(files.get("manifest.yaml") ?? "");
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.plugins).toEqual({ agent_strategies: ["provider/echo_agent.yaml"] });
    const provider = parse(files.get("provider/echo_agent.yaml") ?? "");
    expect(provider.strategies).toEqual(["strategies/echo.yaml"]);
    provider.strategies = provider.strategies.map((path: string) => parse(files.get(path) ?? ""));
    expect(AgentStrategyProviderDeclarationSchema.safeParse(provider).success).toBe(true);
    expect(provider.strategies[0].parameters.map((p: { type: string }) => p.type)).toEqual([
      "model-selector",
      "array[tools]",
      "string",
      "number",
    ]);
    const assets = new Map([["icon.svg", new Uint8Array(Buffer.from(files.get("_assets/icon.svg") ?? ""))]]);
    expect(validateRegistration({ manifest, declarations: { agent_strategy: [provider] }, assets })).toEqual(
      [],
    );
  });

  it("check and package refuse it once it also declares a tool provider (the daemon makes agent strategies exclusive)", async () => {
    writeFileSync(join(project, "src/plugin.ts"), PLUGIN + WITH_TOOL);
    const check = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(check.code).not.toBe(0);
    expect(`${check.out}\n${check.err}`).toContain(
      "a plugin may combine only tool and endpoint declarations, found tool + agent_strategy",
    );
    const pack = await cli(["package", "--dir", project, "--out", join(root, "out2"), ...CONDITIONS]);
    expect(pack.code).not.toBe(0);
    expect(`${pack.out}\n${pack.err}`).toContain("found tool + agent_strategy");
  });
});

describe("packageLayout for agent strategies", () => {
  it("refuses two strategies writing the same file", () => {
    const strategy = {
      identity: { name: "a b", author: "x", label: { en_US: "A" } },
      description: { en_US: "d" },
    };
    const twin = { ...strategy, identity: { ...strategy.identity, name: "a_b" } };
    const provider = { identity: { name: "p" }, strategies: [strategy, twin] };
    expect(() =>
      packageLayout({ manifest: { name: "p" }, declarations: new Map([["agent_strategy", [provider]]]) }),
    ).toThrow(/two agent strategies are named strategies\/a_b\.yaml/);
  });
});
