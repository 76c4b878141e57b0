import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { validateRegistration } from "@x/core";
import { PluginManifestSchema } from "@x/protocol";
import { launchStdioPlugin, MockDify } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readZip, runCli } from "../src/index.js";
import { linkDependencies, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// `x-plugin init --kind endpoint` → its own tests → check → package, then the package runs as the daemon starts it
// (`python -m main`, stdio) and answers an endpoint request serialised like the daemon's.

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
    const vitest = join(project, "node_modules", "vitest", "vitest.mjs");
    const test = spawnSync(
      process.execPath,
      [vitest, "run", "--config", "vitest.workspace-sources.config.mjs"],
      { cwd: project, encoding: "utf8" },
    );
    expect(test.stdout + test.stderr).toContain("3 passed");
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
    expect(result.out).toContain("✓ acme/hello-hooks 0.0.1 passes every check");
    expect(result.code).toBe(0);
  });

  it("packages it; the unpacked package serves POST /hello under python -m main", async () => {
    const out = join(root, "out");
    const result = await cli(["package", "--dir", project, "--out", out, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const packageFile = join(out, "hello-hooks-0.0.1.difypkg");
    const files = new Map((await readZip(readFileSync(packageFile))).files.map((f) => [f.path, f.data]));
    const text = (path: string) => files.get(path)?.toString("utf8") ?? "";
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.resource.permission).toEqual({ endpoint: { enabled: true } });
    const group = parse(text(manifest.plugins.endpoints[0]));
    group.endpoints = group.endpoints.map((path: string) => parse(text(path)));
    expect(group.endpoints).toEqual([{ path: "/hello", method: "POST", hidden: false }]);
    const assets = new Map(
      [...files].filter(([path]) => path.startsWith("_assets/")).map(([path, data]) => [path.slice(8), data]),
    );
    expect(validateRegistration({ manifest, declarations: { endpoint: [group] }, assets })).toEqual([]);

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
