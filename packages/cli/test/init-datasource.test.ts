import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { validateRegistration } from "@x/core";
import { DatasourceProviderDeclarationSchema, PluginManifestSchema } from "@x/protocol";
import { launchStdioPlugin, MockDify } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readZip, runCli } from "../src/index.js";
import { linkDependencies, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// `x-plugin init --kind datasource` → its own tests → check → package, then the package runs as the daemon starts
// it (`python -m main`, stdio), lists its pages and reads one.

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
    const vitest = join(project, "node_modules", "vitest", "vitest.mjs");
    const test = spawnSync(
      process.execPath,
      [vitest, "run", "--config", "vitest.workspace-sources.config.mjs"],
      { cwd: project, encoding: "utf8" },
    );
    expect(test.stdout + test.stderr).toContain("4 passed");
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
    const files = new Map((await readZip(readFileSync(packageFile))).files.map((f) => [f.path, f.data]));
    const text = (path: string) => files.get(path)?.toString("utf8") ?? "";
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
    const assets = new Map(
      [...files].filter(([path]) => path.startsWith("_assets/")).map(([path, data]) => [path.slice(8), data]),
    );
    expect(validateRegistration({ manifest, declarations: { datasource: [provider] }, assets })).toEqual([]);

    const unpacked = join(root, "installed");
    execFileSync(python, [
      "-c",
      "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
      packageFile,
      unpacked,
    ]);
    const stderr: string[] = [];
    const plugin = await launchStdioPlugin({
      command: python,
      args: ["-m", "main"],
      cwd: unpacked,
      env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
      dify: new MockDify(),
      readyTimeout: 60_000,
      onStderr: (line) => stderr.push(line),
    });
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
