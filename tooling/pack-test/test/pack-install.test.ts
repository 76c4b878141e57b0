import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Packs the real packages (built `dist/` only, as npm would publish them) and installs two of them into a
// project that is not part of the workspace: what a user who wants only @x/core + @x/tool gets.
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const packages = ["protocol", "core", "tool", "node", "testing"] as const;
const tsc = join(root, "node_modules/.bin/tsc");
let scratch: string;
const tarballs: Record<string, string> = {};

// The scratch project must not inherit the workspace's pnpm settings (`pnpm run` exports them as npm_config_*).
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key) && key !== "INIT_CWD"),
);

function run(cmd: string, args: string[], cwd: string): string {
  // A timeout so a stuck install fails the test instead of hanging CI.
  try {
    return execFileSync(cmd, args, {
      cwd,
      env: cleanEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 240_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`, {
      cause: error,
    });
  }
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "x-pack-test-"));
  const packDir = join(scratch, "tarballs");
  mkdirSync(packDir);
  for (const name of packages) {
    run("pnpm", ["pack", "--pack-destination", packDir], join(root, "packages", name));
    const file = readdirSync(packDir).find((f) => f.startsWith(`x-${name}-`) && f.endsWith(".tgz"));
    if (!file) throw new Error(`pnpm pack produced no tarball for @x/${name}`);
    tarballs[name] = join(packDir, file);
  }
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("packed packages", () => {
  it("keep dependencies pointing one way: protocol depends on zod alone, core on protocol alone", () => {
    const protocol = JSON.parse(readFileSync(join(root, "packages/protocol/package.json"), "utf8"));
    expect(Object.keys({ ...protocol.dependencies, ...protocol.peerDependencies })).toEqual(["zod"]);
    const core = JSON.parse(readFileSync(join(root, "packages/core/package.json"), "utf8"));
    const deps = Object.keys({ ...core.dependencies, ...core.peerDependencies });
    expect(deps.filter((d) => d.startsWith("@x/"))).toEqual(["@x/protocol"]);
    for (const name of ["tool", "node", "testing"]) {
      const pkg = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"));
      expect(Object.keys(pkg.dependencies)).toContain("@x/core");
    }
  });

  it("ship only dist, README and package.json, with types for every export", () => {
    for (const name of packages) {
      const listing = run("tar", ["-tzf", tarballs[name]!], scratch).split("\n").filter(Boolean);
      expect(listing).toContain("package/package.json");
      expect(listing).toContain("package/README.md");
      expect(listing).toContain("package/dist/index.js");
      expect(listing).toContain("package/dist/index.d.ts");
      expect(listing.filter((f) => f.startsWith("package/src/") || f.startsWith("package/test/"))).toEqual(
        [],
      );
      const manifest = JSON.parse(run("tar", ["-xzOf", tarballs[name]!, "package/package.json"], scratch));
      expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(manifest.sideEffects).toBe(false);
      expect(manifest.exports["."].types).toBe("./dist/index.d.ts");
      expect(JSON.stringify(manifest)).not.toContain("workspace:");
    }
  });

  it("install @x/core + @x/tool (and @x/protocol, their one extra dependency) outside the workspace, import and type-check against them", () => {
    const app = join(scratch, "app");
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({
        name: "scratch-app",
        private: true,
        type: "module",
        dependencies: { "@x/core": `file:${tarballs.core}`, "@x/tool": `file:${tarballs.tool}` },
        devDependencies: { "@types/node": "^24.0.0" },
        // The published ranges for @x/core and @x/protocol would otherwise be fetched from the registry.
        pnpm: {
          overrides: { "@x/core": `file:${tarballs.core}`, "@x/protocol": `file:${tarballs.protocol}` },
        },
      }),
    );
    run(
      "pnpm",
      [
        "install",
        "--ignore-workspace",
        "--prefer-offline",
        "--reporter=append-only",
        "--config.confirmModulesPurge=false",
        // A registry problem should fail in seconds with its reason, not after minutes of retries.
        "--config.fetch-retries=1",
      ],
      app,
    );
    // Only what was asked for, plus the wire spec both depend on: no @x/node or @x/testing comes along.
    const installed = readdirSync(join(app, "node_modules/@x"));
    expect(installed.sort()).toEqual(["core", "tool"]);
    expect(
      readdirSync(join(app, "node_modules/.pnpm"))
        .filter((d) => d.startsWith("@x+"))
        .map((d) => d.split("@")[1])
        .sort(),
    ).toEqual(["x+core", "x+protocol", "x+tool"]);

    writeFileSync(
      join(app, "main.ts"),
      [
        'import { InMemoryTransport, Plugin, PluginRuntime, type SessionWith } from "@x/core";',
        'import { toolExtension, type ToolInvocationResult } from "@x/tool";',
        "const plugin = new Plugin().use(toolExtension);",
        "// session.tool type-checks where toolExtension is installed: `use` grows the plugin's session type.",
        "export function lookup(session: SessionWith<[typeof toolExtension]>): ToolInvocationResult {",
        '  return session.tool.invokeBuiltinTool("langgenius/time/time", "current_time", { timezone: "UTC" });',
        "}",
        'plugin.on("tool", "invoke_tool", (session) => lookup(session).text());',
        "const { plugin: side } = InMemoryTransport.createLinkedPair();",
        "export const ready: Promise<void> = new PluginRuntime({ plugin, transport: side }).start();",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2023",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        files: ["main.ts"],
      }),
    );
    run(tsc, ["-p", "tsconfig.json"], app);
    const out = run(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'const core = await import("@x/core"); await import("@x/tool"); console.log(typeof core.PluginRuntime);',
      ],
      app,
    );
    expect(out.trim()).toBe("function");
  });
});
