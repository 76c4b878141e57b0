import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv, run } from "./exec.js";

/** The repository this package lives in (`tooling/release-test/lib/` → three levels up). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The fields of a package.json the release checks read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  repository?: { type?: string; url?: string; directory?: string } | string;
  homepage?: string;
  bugs?: { url?: string } | string;
  engines?: Record<string, string>;
  type?: string;
  sideEffects?: boolean | string[];
  bin?: string | Record<string, string>;
  exports?: ExportsValue;
  files?: string[];
  publishConfig?: { access?: string; exports?: ExportsValue; [key: string]: unknown };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** An `exports` value: a target path, or conditions / subpaths mapping to more of the same. */
export type ExportsValue = string | null | { [key: string]: ExportsValue };

/** One project of the pnpm workspace (the root excluded). */
export interface WorkspacePackage {
  /** Its package name. */
  name: string;
  /** Its folder relative to the workspace root, with `/` separators (`packages/core`). */
  dir: string;
  /** Its absolute folder. */
  path: string;
  /** Its package.json as it is on disk. */
  manifest: Manifest;
}

/**
 * Every project of the workspace at `root` as pnpm sees it (`pnpm -r ls`: the globs of
 * `pnpm-workspace.yaml`, so a package added under `packages/` is found without editing this test).
 */
export async function listWorkspace(root: string): Promise<WorkspacePackage[]> {
  const { stdout } = await run("pnpm", ["-r", "ls", "--json", "--depth", "-1"], {
    cwd: root,
    env: cleanEnv(root),
    timeout: 60_000,
  });
  const projects = JSON.parse(stdout) as { name?: string; path: string }[];
  return projects
    .filter((project) => resolve(project.path) !== resolve(root))
    .map((project) => ({
      name: project.name ?? relative(root, project.path),
      dir: relative(root, project.path).split(sep).join("/"),
      path: project.path,
      manifest: readManifest(project.path),
    }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The package.json in a folder. */
export function readManifest(folder: string): Manifest {
  return JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as Manifest;
}

/**
 * Copies the working tree of the repository at `root` into `dest` (tracked and untracked files that git
 * does not ignore, as they are on disk, so uncommitted work is what gets released) and makes the copy a
 * git repository of its own with one commit: `changeset publish` tags releases, and the real repository's
 * history, index and tags are never touched.
 */
export async function copyRepository(root: string, dest: string): Promise<void> {
  const env = cleanEnv(root);
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    env,
    timeout: 60_000,
  });
  for (const file of new Set(stdout.split("\0").filter(Boolean))) {
    const from = join(root, file);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(from);
    } catch {
      continue; // tracked but deleted in the working tree
    }
    const to = join(dest, file);
    mkdirSync(dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stat.isFile()) {
      copyFileSync(from, to);
      chmodSync(to, stat.mode & 0o777);
    }
  }
  const git = (...args: string[]) => run("git", args, { cwd: dest, env, timeout: 60_000 });
  await git("init", "-q", "-b", "main");
  // A local identity: the commit here and the annotated tags `changeset publish` makes need one.
  await git("config", "user.name", "release-test");
  await git("config", "user.email", "release-test@localhost");
  await git("config", "commit.gpgsign", "false");
  await git("config", "tag.gpgsign", "false");
  await git("add", "-A");
  await git("commit", "-q", "--no-verify", "-m", "release-test: snapshot of the working tree");
}
