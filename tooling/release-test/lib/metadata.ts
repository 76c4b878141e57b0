import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExportsValue, Manifest, WorkspacePackage } from "./workspace.js";

/**
 * The export condition that points workspace imports at `src/` during development (vitest, `tsc --noEmit`,
 * `tsx --conditions=@x/source`). Published manifests must not carry it: `src/` is not in the tarball, so a
 * consumer who enables the condition (say, by copying the sample app's `x-plugin package --conditions
 * @x/source`) would resolve to a file that does not exist.
 */
export const SOURCE_CONDITION = "@x/source";

/** `files` entries every public package has: built code, minus tests and source maps, plus the docs. */
export const REQUIRED_FILES = [
  "dist",
  "!dist/**/*.test.*",
  // dist/**/*.map point at ../src, which is not published: dead weight for a consumer.
  "!dist/**/*.map",
  "README.md",
  "CHANGELOG.md",
  "LICENSE",
] as const;

/** What every public package takes from the workspace root, read once. */
export interface ReleasePolicy {
  /** The root package.json's `license`, which the root `LICENSE` file states. */
  license: string;
  /** The root package.json's `repository.url` (`git+https://…/<owner>/<repo>.git`). */
  repositoryUrl: string;
  /** The same repository as a web address (`https://…/<owner>/<repo>`). */
  web: string;
  /** changesets' `baseBranch`: the branch READMEs are linked on. */
  branch: string;
  /** The root package.json's `engines`. */
  engines: Record<string, string>;
}

/** Reads the policy from the root package.json and `.changeset/config.json`. */
export function readPolicy(root: string): ReleasePolicy {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
  const changesets = JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8")) as {
    baseBranch?: string;
  };
  const repositoryUrl =
    typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  if (!repositoryUrl) throw new Error("the root package.json has no repository.url");
  if (!manifest.license) throw new Error("the root package.json has no license");
  if (!manifest.engines?.node) throw new Error("the root package.json has no engines.node");
  return {
    license: manifest.license,
    repositoryUrl,
    web: repositoryUrl.replace(/^git\+/, "").replace(/\.git$/, ""),
    branch: changesets.baseBranch ?? "main",
    engines: manifest.engines,
  };
}

/** `exports` without the development-only {@link SOURCE_CONDITION}, at every level. */
export function stripSourceCondition(value: ExportsValue): ExportsValue {
  if (value === null || typeof value === "string") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, inner]) => [key, stripSourceCondition(inner)]),
  );
}

/**
 * The package.json of a public package with its release metadata as it must be: `license`, `repository`
 * (with `directory`, which npm provenance and the registry's page use), `homepage`, `bugs` and `engines` from
 * the root; `files` with {@link REQUIRED_FILES} (other entries, such as `@x/cli`'s `templates`, are kept);
 * `publishConfig.exports` = `exports` without {@link SOURCE_CONDITION} (pnpm publishes it as `exports`).
 * Key order is kept; new keys go after `license`.
 */
export function expectedManifest(pkg: WorkspacePackage, policy: ReleasePolicy): Manifest {
  const current = pkg.manifest;
  const derived = {
    license: policy.license,
    repository: { type: "git", url: policy.repositoryUrl, directory: pkg.dir },
    homepage: `${policy.web}/tree/${policy.branch}/${pkg.dir}#readme`,
    bugs: { url: `${policy.web}/issues` },
  };
  const extraFiles = (current.files ?? []).filter(
    (entry) => !(REQUIRED_FILES as readonly string[]).includes(entry),
  );
  const files = [
    ...REQUIRED_FILES.filter((entry) => entry.startsWith("dist") || entry.startsWith("!dist")),
    ...extraFiles,
    ...REQUIRED_FILES.filter((entry) => !entry.startsWith("dist") && !entry.startsWith("!dist")),
  ];
  const publishConfig = {
    ...current.publishConfig,
    access: "public",
    ...(current.exports === undefined ? {} : { exports: stripSourceCondition(current.exports) }),
  };
  const out: Manifest = { name: current.name, version: current.version };
  const place = (key: string, value: unknown) => {
    out[key] = value;
  };
  for (const [key, value] of Object.entries(current)) {
    if (key in derived && key !== "license") continue;
    if (key === "license") {
      for (const [k, v] of Object.entries(derived)) place(k, v);
    } else if (key === "engines") place(key, { ...current.engines, ...policy.engines });
    else if (key === "files") place(key, files);
    else if (key === "publishConfig") place(key, publishConfig);
    else place(key, value);
  }
  for (const [k, v] of Object.entries(derived)) if (!(k in out)) place(k, v);
  if (!("engines" in out)) place("engines", policy.engines);
  if (!("files" in out)) place("files", files);
  if (!("publishConfig" in out)) place("publishConfig", publishConfig);
  return out;
}

/**
 * What is wrong with a public package's release metadata, one sentence each; empty when nothing is.
 * Differences from {@link expectedManifest} can be written by `pnpm --filter release-test fix-metadata`;
 * the rest needs a decision (is the package free of side effects?) or a change of the build.
 */
export function metadataProblems(pkg: WorkspacePackage, policy: ReleasePolicy): string[] {
  const problems: string[] = [];
  const manifest = pkg.manifest;
  const expected = expectedManifest(pkg, policy);
  for (const key of new Set([...Object.keys(expected), ...Object.keys(manifest)])) {
    const want = JSON.stringify(expected[key]);
    const have = JSON.stringify(manifest[key]);
    if (want !== have) {
      problems.push(
        `${pkg.dir}/package.json "${key}" is ${have ?? "missing"}, expected ${want} (pnpm --filter release-test fix-metadata writes it)`,
      );
    }
  }
  if (manifest.type !== "module")
    problems.push(`${pkg.dir}/package.json: "type" must be "module" (ESM only)`);
  if (manifest.sideEffects === undefined) {
    problems.push(
      `${pkg.dir}/package.json has no "sideEffects": set it to false if importing the package runs nothing but declarations, or list the files that do`,
    );
  }
  const root = manifest.exports;
  const dot = root && typeof root === "object" ? root["."] : undefined;
  if (!dot || typeof dot !== "object") {
    problems.push(`${pkg.dir}/package.json has no "exports"["."] conditions object`);
  } else {
    const published = Object.keys(dot).filter((key) => key !== SOURCE_CONDITION);
    if (published[0] !== "types") {
      problems.push(
        `${pkg.dir}/package.json exports["."]: "types" must be the first published condition, found ${JSON.stringify(published)}`,
      );
    }
    const keys = Object.keys(dot);
    if (keys.includes(SOURCE_CONDITION) && keys[0] !== SOURCE_CONDITION) {
      problems.push(
        `${pkg.dir}/package.json exports["."]: "${SOURCE_CONDITION}" must come first to win in development`,
      );
    }
  }
  if (!existsSync(join(pkg.path, "README.md"))) problems.push(`${pkg.dir} has no README.md`);
  return problems;
}
