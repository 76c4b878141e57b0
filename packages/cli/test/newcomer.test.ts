import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshShellEnv } from "./helpers/child-env.js";
import { cliDir } from "./helpers/workspace-scaffold.js";

// A newcomer outside the workspace: the SDK packed with `pnpm pack` into a folder, `x-plugin init --from` that
// folder (file: dependencies), then npm install, test, type-check, check and package, each a real child process
// in a temporary directory.

const packagesDir = resolve(cliDir, "..");
let scratch: string;
let tarballs: string;
let project: string;

function run(command: string, args: string[], cwd: string): string {
  const child = spawnSync(command, args, { cwd, encoding: "utf8", env: freshShellEnv(), timeout: 240_000 });
  const output = `${child.stdout}${child.stderr}`;
  if (child.status !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${child.status} in ${cwd}:\n${output}`);
  return output;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "xp-newcomer-"));
  tarballs = join(scratch, "sdk");
  mkdirSync(tarballs);
  for (const name of ["protocol", "core", "tool", "model", "agent", "testing", "cli"]) {
    run("pnpm", ["pack", "--pack-destination", tarballs], join(packagesDir, name));
  }
}, 240_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("x-plugin init --from <tarballs>, outside the workspace", { timeout: 300_000 }, () => {
  it("scaffolds a project whose @x/* dependencies are the tarballs", () => {
    const out = run(
      process.execPath,
      [join(cliDir, "bin", "x-plugin.js"), "init", "my-tools", "--author", "acme", "--from", tarballs],
      scratch,
    );
    expect(out).toContain("created");
    project = join(scratch, "my-tools");
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies["@x/core"]).toMatch(/^file:\.\.\/sdk\/x-core-\d+\.\d+\.\d+\.tgz$/);
    expect(pkg.devDependencies["@x/cli"]).toMatch(/^file:\.\.\/sdk\/x-cli-/);
    expect(pkg.overrides["@x/core"]).toBe(pkg.dependencies["@x/core"]);
    expect(readFileSync(join(project, "README.md"), "utf8")).toMatch(/^# My Tools\n/);
  });

  it("installs with npm, passes its own test and type-checks", () => {
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], project);
    expect(run("npm", ["test"], project)).toContain("1 passed");
    run("npm", ["run", "typecheck"], project);
  });

  it("passes x-plugin check and packages with the installed x-plugin", () => {
    expect(run("npx", ["x-plugin", "check"], project)).toContain("✓ acme/my-tools 0.0.1 passes every check");
    const out = run("npx", ["x-plugin", "package"], project);
    expect(out).toContain("✓ wrote");
    const file = join(project, "my-tools-0.0.1.difypkg");
    expect(existsSync(file)).toBe(true);
    const names = execFileSync(
      "python3",
      ["-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", file],
      { encoding: "utf8" },
    );
    expect(names.split("\n")).toEqual(
      expect.arrayContaining(["README.md", "main.py", "plugin.mjs", "manifest.yaml"]),
    );
  });

  it("init --from a folder without the tarballs says which are missing and how to make them", () => {
    const empty = join(scratch, "empty");
    mkdirSync(empty);
    const child = spawnSync(
      process.execPath,
      [join(cliDir, "bin", "x-plugin.js"), "init", "other", "--from", empty],
      { cwd: scratch, encoding: "utf8" },
    );
    expect(child.status).toBe(1);
    expect(child.stderr).toContain("lacks x-core-<version>.tgz");
    expect(child.stderr).toContain("pnpm pack --pack-destination");
  });
});

describe("x-plugin init --kind agent-strategy --from <tarballs>, outside the workspace", {
  timeout: 300_000,
}, () => {
  it("overrides @x/agent's own @x/model and @x/tool with their tarballs, installs, tests and checks", () => {
    run(
      process.execPath,
      [
        join(cliDir, "bin", "x-plugin.js"),
        ...["init", "my-agent", "--author", "acme", "--kind", "agent-strategy", "--from", tarballs],
      ],
      scratch,
    );
    const agent = join(scratch, "my-agent");
    const pkg = JSON.parse(readFileSync(join(agent, "package.json"), "utf8"));
    expect(pkg.overrides["@x/model"]).toMatch(/^file:\.\.\/sdk\/x-model-/);
    expect(pkg.pnpm.overrides["@x/tool"]).toMatch(/^file:\.\.\/sdk\/x-tool-/);
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], agent);
    expect(run("npm", ["test"], agent)).toContain("2 passed");
    run("npm", ["run", "typecheck"], agent);
    expect(run("npx", ["x-plugin", "check"], agent)).toContain("✓ acme/my-agent 0.0.1 passes every check");
  });
});
