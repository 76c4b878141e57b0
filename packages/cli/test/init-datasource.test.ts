import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateRegistration } from "@x/core";
import { DatasourceProviderDeclarationSchema, PluginManifestSchema } from "@x/protocol";
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

// `x-plugin init --kind datasource` → its own tests → check → package, then the package runs as the daemon starts
// it (`python -m main`, stdio), lists its pages and reads one.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

let root: string;
let project: string;

const cli = scaffoldCli(() => root);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-datasource-"));
  project = join(root, "team-notes");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("x-plugin init --kind datasource", { timeout: 120_000 }, () => {
  it("scaffolds an online-document datasource plugin that passes its own tests and type-checks", async () => {
    const result = await cli(["init", "team-notes", "--author", "acme", "--kind", "datasource"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    for (const file of ["src/datasources/pages.ts", "src/plugin.ts", "test/pages.test.ts", "README.md"]) {
      expect(result.out).toContain(file);
    }
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@x/core": "^0.1.0", "@x/datasource": "^0.1.0" });
    expect(readFileSync(join(project, "README.md"), "utf8")).toMatch(/^# Team Notes\n/);

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
    expect(result.out).toContain("✓ acme/team-notes 0.0.1 passes every check");
    expect(result.code).toBe(0);
  });

  it("packages it; the unpacked package lists and reads pages under python -m main", async () => {
    const out = join(root, "out");
    const result = await cli(["package", "--dir", project, "--out", out, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const packageFile = join(out, "team-notes-0.0.1.difypkg");
    const { text, assets } = await readPackageFiles(packageFile);
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.resource.permission ?? {}).toEqual({});
    expect(manifest.meta.minimum_dify_version).toBe("1.9.0");
    expect(manifest.plugins).toEqual({ datasources: ["provider/team-notes.yaml"] });
    const provider = parse(text(manifest.plugins.datasources[0]));
    expect(provider.datasources).toEqual(["datasources/pages.yaml"]);
    provider.datasources = provider.datasources.map((path: string) => parse(text(path)));
    expect(DatasourceProviderDeclarationSchema.safeParse(provider).success).toBe(true);
    expect(provider.provider_type).toBe("online_document");
    expect(validateRegistration({ manifest, declarations: { datasource: [provider] }, assets })).toEqual([]);

    const stderr: string[] = [];
    const plugin = await launchUnpacked(packageFile, join(root, "installed"), { stderr });
    try {
      const target = { provider: "team-notes", datasource: "pages", credentials: { api_key: "nb-test" } };
      const listed = await plugin.datasource.pages(target);
      expect(listed.error).toBeNull();
      expect(listed.workspaces[0]?.pages.map((page) => page.page_id)).toEqual(["handbook", "onboarding"]);
      const read = await plugin.datasource.pageContent({
        ...target,
        page: { workspace_id: "team", page_id: "handbook", type: "page" },
      });
      expect(read.variables.content).toBe("# Handbook\n\nHow we work.");
      const refused = await plugin.datasource.validateCredentials({
        ...target,
        credentials: { api_key: "x1" },
      });
      expect(refused.error?.error_type).toBe("DatasourceCredentialsError");
    } finally {
      const code = await plugin.close();
      expect(stderr.join("\n")).not.toContain("x-plugin:");
      expect(code).toBe(0);
    }
  });
});
