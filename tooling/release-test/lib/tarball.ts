import { cleanEnv, run } from "./exec.js";
import type { Manifest } from "./workspace.js";
import { repoRoot } from "./workspace.js";

/** The paths inside a `.tgz` package, without the leading `package/` (as npm shows them). */
export async function listTarball(file: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", file], {
    cwd: repoRoot,
    env: cleanEnv(repoRoot),
    timeout: 60_000,
  });
  return stdout
    .split("\n")
    .filter((line) => line && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""))
    .sort();
}

/** One file of a `.tgz` package as text (`path` without the `package/` prefix). */
export async function readFromTarball(file: string, path: string): Promise<string> {
  const { stdout } = await run("tar", ["-xzOf", file, `package/${path}`], {
    cwd: repoRoot,
    env: cleanEnv(repoRoot),
    timeout: 60_000,
  });
  return stdout;
}

/** The package.json inside a `.tgz` package. */
export async function tarballManifest(file: string): Promise<Manifest> {
  return JSON.parse(await readFromTarball(file, "package.json")) as Manifest;
}
