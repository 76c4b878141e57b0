import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRegistration } from "@x/core";
import { LLMResultChunkReplySchema, ModelProviderDeclarationSchema, PluginManifestSchema } from "@x/protocol";
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

// `x-plugin init --kind model` → its own tests → check → package, then the package runs as the daemon starts it
// (`python -m main`, stdio), streams an LLM answer and validates credentials.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

let root: string;
let project: string;

const cli = scaffoldCli(() => root);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-model-"));
  project = join(root, "echo-models");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("x-plugin init --kind model", { timeout: 120_000 }, () => {
  it("scaffolds a model provider plugin that passes its own tests and type-checks", async () => {
    const result = await cli(["init", "echo-models", "--author", "acme", "--kind", "model"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    for (const file of ["src/models/llm.ts", "src/plugin.ts", "test/provider.test.ts", "README.md"]) {
      expect(result.out).toContain(file);
    }
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@x/core": "^0.1.0", "@x/model": "^0.1.0" });
    expect(readFileSync(join(project, "README.md"), "utf8")).toMatch(/^# Echo Models\n/);

    linkDependencies(project);
    const test = runScaffoldTests(project);
    expect(test.output).toContain("4 passed");
    expect(test.status).toBe(0);

    const typecheck = typecheckScaffold(project);
    expect(typecheck.output).toBe("");
    expect(typecheck.status).toBe(0);
  });

  it("check passes the fresh scaffold", async () => {
    const result = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.out).toContain("✓ acme/echo-models 0.0.1 passes every check");
    expect(result.code).toBe(0);
  });

  it("packages it; the unpacked package streams an LLM answer and checks credentials under python -m main", async () => {
    const out = join(root, "out");
    const result = await cli(["package", "--dir", project, "--out", out, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const packageFile = join(out, "echo-models-0.0.1.difypkg");
    const { files, text, assets } = await readPackageFiles(packageFile);
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.resource.permission ?? {}).toEqual({});
    expect(manifest.plugins).toEqual({ models: ["provider/echo-models.yaml"] });
    expect([...files.keys()].filter((path) => path.startsWith("models/")).sort()).toEqual([
      "models/llm/_position.yaml",
      "models/llm/echo-1.yaml",
    ]);
    const declared = parse(text(manifest.plugins.models[0]));
    const provider = {
      ...declared,
      position: { llm: parse(text("models/llm/_position.yaml")) },
      models: [parse(text("models/llm/echo-1.yaml"))],
    };
    expect(ModelProviderDeclarationSchema.safeParse(provider).success).toBe(true);
    expect(validateRegistration({ manifest, declarations: { model: [provider] }, assets })).toEqual([]);

    const stderr: string[] = [];
    const plugin = await launchUnpacked(packageFile, join(root, "installed"), { stderr });
    try {
      const llm = await plugin.request("model", "invoke_llm", {
        user_id: "user-1",
        provider: "echo-models",
        model: "echo-1",
        model_type: "llm",
        credentials: { api_key: "sk-test" },
        model_parameters: {},
        prompt_messages: [{ role: "user", content: "hello over stdio", name: "", tool_calls: [] }],
        tools: [],
        stop: null,
        stream: true,
      });
      expect(llm.error).toBeNull();
      const chunks = llm.items.map((item) => LLMResultChunkReplySchema.parse(item));
      expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe("hello over stdio");
      const refused = await plugin.request("model", "validate_provider_credentials", {
        user_id: "user-1",
        provider: "echo-models",
        credentials: { api_key: "wrong-key" },
      });
      expect(refused.error?.error_type).toBe("CredentialsValidateFailedError");
    } finally {
      const code = await plugin.close();
      const log = stderr.join("\n");
      expect(log).not.toContain("x-plugin:");
      expect(log).not.toContain("wrong-key");
      expect(code).toBe(0);
    }
  });
});
