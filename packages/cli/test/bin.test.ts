import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshShellEnv } from "./helpers/child-env.js";
import { cliDir } from "./helpers/workspace-scaffold.js";

// The committed bin launcher: a real `node bin/x-plugin.js` child, and a fresh `git clone` of this repository
// that installs, builds and packages the sample without a second install.

const launcher = join(cliDir, "bin", "x-plugin.js");
const repoRoot = execFileSync("git", ["rev-parse", "--show-toplevel"], {
  cwd: cliDir,
  encoding: "utf8",
}).trim();
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "x-plugin-bin-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Makes the child report an older Node: process.versions.node is what both version checks read.
function olderNode(version: string): string {
  const file = join(scratch, `node-${version}.mjs`);
  writeFileSync(
    file,
    `Object.defineProperty(process.versions, "node", { value: ${JSON.stringify(version)} });\n`,
  );
  return file;
}

describe("bin/x-plugin.js", () => {
  it("refuses Node older than 22.12 at once, saying which Node it found", () => {
    for (const version of ["20.19.0", "22.11.0"]) {
      const child = spawnSync(process.execPath, ["--import", olderNode(version), launcher, "--version"], {
        encoding: "utf8",
      });
      expect(child.status).toBe(1);
      expect(child.stderr).toContain(`x-plugin needs Node.js 22.12 or newer, but ${process.execPath} is`);
      expect(child.stdout).toBe("");
    }
  });

  it("runs the built CLI on a current Node", () => {
    const version = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8")).version;
    const child = spawnSync(process.execPath, [launcher, "--version"], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe(version);
    expect(child.status).toBe(0);
  });

  it("is what package.json's bin points at, and is published", () => {
    const pkg = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ "x-plugin": "./bin/x-plugin.js" });
    expect(pkg.files).toContain("bin");
  });
});

describe("a fresh clone", () => {
  it("runs pnpm install --frozen-lockfile && pnpm build && pnpm --filter sample-plugin package, with the x-plugin bin linked at install", {
    timeout: 600_000,
  }, () => {
    const clone = join(scratch, "clone");
    execFileSync("git", ["clone", "--quiet", repoRoot, clone]);
    const run = (args: string[]) => {
      const child = spawnSync("pnpm", args, {
        cwd: clone,
        encoding: "utf8",
        env: freshShellEnv({ CI: "true" }),
        timeout: 480_000,
      });
      const output = `${child.stdout}${child.stderr}`;
      if (child.status !== 0) throw new Error(`pnpm ${args.join(" ")} exited ${child.status}:\n${output}`);
      return output;
    };

    const install = run(["install", "--frozen-lockfile", "--reporter=append-only"]);
    const failedBins = install.split("\n").filter((line) => line.includes("Failed to create bin"));
    expect(failedBins.filter((line) => /\.bin\/x-plugin\b/.test(line))).toEqual([]);
    // @x/testing's x-fake-daemon still points into dist/ until it gets a committed launcher like this one;
    // once it does, no bin may fail at all.
    const testingBin = Object.values(
      JSON.parse(readFileSync(join(clone, "packages/testing/package.json"), "utf8")).bin ?? {},
    ) as string[];
    if (testingBin.every((path) => !path.includes("dist/"))) expect(failedBins).toEqual([]);
    else expect(failedBins.every((line) => /\.bin\/x-fake-daemon\b/.test(line))).toBe(true);
    expect(existsSync(join(clone, "apps/sample-plugin/node_modules/.bin/x-plugin"))).toBe(true);

    run(["build"]);
    const packaged = run(["--filter", "sample-plugin", "package"]);
    expect(packaged).toContain("✓ wrote");
    expect(existsSync(join(clone, "apps/sample-plugin/dist/support_triage-0.1.0.difypkg"))).toBe(true);
  });
});
