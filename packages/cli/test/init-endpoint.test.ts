import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRegistration } from "@x/core";
import { PluginManifestSchema } from "@x/protocol";
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

// `x-plugin init --kind endpoint` → its own tests → check → package, then the package runs as the daemon starts it
// (`python -m main`, stdio) and answers an endpoint request serialised like the daemon's.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

let root: string;
let project: string;

const cli = scaffoldCli(() => root);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-endpoint-"));
  project = join(root, "hello-hooks");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("x-plugin init --kind endpoint", { timeout: 120_000 }, () => {
  it("scaffolds an endpoint plugin that passes its own tests and type-checks", async () => {
    const result = await cli(["init", "hello-hooks", "--author", "acme", "--kind", "endpoint"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    for (const file of ["src/endpoints/hello.ts", "src/plugin.ts", "test/hello.test.ts", "README.md"]) {
      expect(result.out).toContain(file);
    }
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@x/core": "^0.1.0", "@x/endpoint": "^0.1.0" });
    expect(readFileSync(join(project, "README.md"), "utf8")).toMatch(/^# Hello Hooks\n/);

    linkDependencies(project);
    const test = runScaffoldTests(project);
    expect(test.output).toContain("3 passed");
    expect(test.status).toBe(0);

    const typecheck = typecheckScaffold(project);
    expect(typecheck.output).toBe("");
    expect(typecheck.status).toBe(0);
  });

  it("check passes the fresh scaffold", async () => {
    const result = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.out).toContain("✓ acme/hello-hooks 0.0.1 passes every check");
    expect(result.code).toBe(0);
  });

  it("packages it; the unpacked package serves POST /hello under python -m main", async () => {
    const out = join(root, "out");
    const result = await cli(["package", "--dir", project, "--out", out, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const packageFile = join(out, "hello-hooks-0.0.1.difypkg");
    const { text, assets } = await readPackageFiles(packageFile);
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.resource.permission).toEqual({ endpoint: { enabled: true } });
    const group = parse(text(manifest.plugins.endpoints[0]));
    group.endpoints = group.endpoints.map((path: string) => parse(text(path)));
    expect(group.endpoints).toEqual([{ path: "/hello", method: "POST", hidden: false }]);
    expect(validateRegistration({ manifest, declarations: { endpoint: [group] }, assets })).toEqual([]);

    const stderr: string[] = [];
    const plugin = await launchUnpacked(packageFile, join(root, "installed"), { stderr });
    try {
      const call = (secret: string) =>
        plugin.fetch(
          new Request("https://dify.example/hello", {
            method: "POST",
            headers: { "x-secret": secret },
            body: JSON.stringify({ name: "Ada" }),
          }),
          { settings: { secret: "s3cret" } },
        );
      const ok = await call("s3cret");
      expect([ok.status, await ok.json()]).toEqual([200, { message: "Hello, Ada!" }]);
      const denied = await call("guess");
      expect(denied.status).toBe(403);
      await denied.text();
    } finally {
      const code = await plugin.close();
      expect(stderr.join("\n")).not.toContain("x-plugin:");
      expect(code).toBe(0);
    }
  });
});
