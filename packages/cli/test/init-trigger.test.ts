import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRegistration } from "@x/core";
import { PluginManifestSchema, TriggerProviderDeclarationSchema } from "@x/protocol";
import { triggerDriver } from "@x/testing";
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

// `x-plugin init --kind trigger` → its own tests → check → package, then the package runs as the daemon starts it
// (`python -m main`, stdio) and answers signed and forged webhooks as the daemon forwards them.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

let root: string;
let project: string;

const cli = scaffoldCli(() => root);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-trigger-"));
  project = join(root, "item-hooks");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("x-plugin init --kind trigger", { timeout: 120_000 }, () => {
  it("scaffolds a trigger plugin that passes its own tests and type-checks", async () => {
    const result = await cli(["init", "item-hooks", "--author", "acme", "--kind", "trigger"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    for (const file of [
      "src/events/item-created.ts",
      "src/plugin.ts",
      "test/item-created.test.ts",
      "README.md",
    ]) {
      expect(result.out).toContain(file);
    }
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@x/core": "^0.1.0", "@x/trigger": "^0.1.0", zod: "^4.6.7" });
    expect(readFileSync(join(project, "README.md"), "utf8")).toMatch(/^# Item Hooks\n/);

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
    expect(result.out).toContain("✓ acme/item-hooks 0.0.1 passes every check");
    expect(result.code).toBe(0);
  });

  it("packages it; the unpacked package verifies and fires webhooks under python -m main", async () => {
    const out = join(root, "out");
    const result = await cli(["package", "--dir", project, "--out", out, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const packageFile = join(out, "item-hooks-0.0.1.difypkg");
    const { text, assets } = await readPackageFiles(packageFile);
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.resource.permission ?? {}).toEqual({});
    expect(manifest.plugins).toEqual({ triggers: ["provider/item-hooks.yaml"] });
    const provider = parse(text(manifest.plugins.triggers[0]));
    expect(provider.events).toEqual(["events/item_created.yaml"]);
    provider.events = provider.events.map((path: string) => parse(text(path)));
    expect(TriggerProviderDeclarationSchema.safeParse(provider).success).toBe(true);
    expect(Object.keys(provider.events[0].output_schema.properties)).toEqual(["id", "title", "author"]);
    expect(validateRegistration({ manifest, declarations: { trigger: [provider] }, assets })).toEqual([]);

    const stderr: string[] = [];
    const plugin = await launchUnpacked(packageFile, join(root, "installed"), { stderr });
    try {
      const trigger = triggerDriver(plugin, { provider: "item-hooks" });
      const subscription = { endpoint: "https://dify.example/hook", properties: { secret: "s3cret" } };
      const body = JSON.stringify({ id: "it-9", title: "Launch plan" });
      const webhook = (secret: string) =>
        new Request("https://dify.example/hook", {
          method: "POST",
          headers: {
            "x-event-type": "item.created",
            "x-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
          },
          body,
        });
      const fired = await trigger.fire(webhook("s3cret"), { subscription });
      expect(fired.events.map((event) => event.reply)).toEqual([
        { variables: { id: "it-9", title: "Launch plan", author: "" }, cancelled: false },
      ]);
      const forged = await trigger.fire(webhook("guess"), { subscription });
      expect([forged.dispatch.response?.status, forged.events]).toEqual([401, []]);
    } finally {
      const code = await plugin.close();
      const log = stderr.join("\n");
      expect(log).not.toContain("x-plugin:");
      expect(log).not.toContain("s3cret");
      expect(code).toBe(0);
    }
  });
});
