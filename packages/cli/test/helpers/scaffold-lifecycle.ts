import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { launchStdioPlugin, MockDify, type StdioPluginProcess } from "@x/testing";
import { readZip, runCli } from "../../src/index.js";

// The steps every `x-plugin init --kind …` test takes: run the CLI, run the scaffold's own tests and type-check,
// read the .difypkg back, and start the unpacked package as the daemon does (`python -m main`).

/** The real Python interpreter (not a shim that needs PATH), so a child's PATH can be narrowed. */
export const python = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], {
  encoding: "utf8",
}).stdout.trim();

/** Runs `x-plugin <args>` in the folder `cwd()` names, collecting its output. */
export function scaffoldCli(cwd: () => string) {
  return async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: cwd() });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
}

/** Runs a linked scaffold's own vitest suite against the workspace sources. */
export function runScaffoldTests(project: string): { output: string; status: number | null } {
  const vitest = join(project, "node_modules", "vitest", "vitest.mjs");
  const run = spawnSync(
    process.execPath,
    [vitest, "run", "--config", "vitest.workspace-sources.config.mjs"],
    {
      cwd: project,
      encoding: "utf8",
    },
  );
  return { output: run.stdout + run.stderr, status: run.status };
}

/** Type-checks a linked scaffold against the workspace sources. */
export function typecheckScaffold(project: string): { output: string; status: number | null } {
  const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", ".", "--customConditions", "@x/source"], {
    cwd: project,
    encoding: "utf8",
  });
  return { output: run.stdout + run.stderr, status: run.status };
}

/** The files of a .difypkg by path, a text reader, and the `_assets/` files by name (as registration takes them). */
export async function readPackageFiles(packageFile: string) {
  const files = new Map((await readZip(readFileSync(packageFile))).files.map((f) => [f.path, f.data]));
  const text = (path: string) => files.get(path)?.toString("utf8") ?? "";
  const assets = new Map(
    [...files].filter(([path]) => path.startsWith("_assets/")).map(([path, data]) => [path.slice(8), data]),
  );
  return { files, text, assets };
}

/**
 * Unzips a package with Python's zipfile (as the daemon's install leaves it) into `dir` and starts it there with
 * `python -m main` over stdio, Node found on PATH; stderr lines go to `stderr`.
 */
export function launchUnpacked(
  packageFile: string,
  dir: string,
  options: { dify?: MockDify; stderr: string[] },
): Promise<StdioPluginProcess> {
  execFileSync(python, [
    "-c",
    "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
    packageFile,
    dir,
  ]);
  return launchStdioPlugin({
    command: python,
    args: ["-m", "main"],
    cwd: dir,
    env: { PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin` },
    dify: options.dify ?? new MockDify(),
    readyTimeout: 60_000,
    onStderr: (line) => options.stderr.push(line),
  });
}
