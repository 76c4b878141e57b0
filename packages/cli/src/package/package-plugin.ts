import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CheckOptions, checkPlugin } from "../check/check-plugin.js";
import { CheckFailedError } from "../errors/check-failed-error.js";
import { type PackagedFileSize, PackageTooLargeError } from "../errors/package-too-large-error.js";
import { bundle } from "../project/bundle.js";
import { type PluginProject, projectPath } from "../project/project.js";
import { runnerSource } from "../project/runner-source.js";
import { type AuthorizedCategory, signPackage } from "../sign/package-signature.js";
import { readPrivateKeyFile } from "../sign/sign-files.js";
import { installInstructions } from "./install-instructions.js";
import { packageLayout } from "./package-layout.js";
import { packageReadmes } from "./package-readme.js";
import { BUNDLE_FILE, PYTHON_ENTRYPOINT, pythonEntrypointSource } from "./python-entrypoint.js";
import { DEFAULT_NODE_REQUIREMENT, type NodeSource, requirementsSource } from "./requirements.js";
import { DAEMON_MAX_PACKAGE_SIZE } from "./size-limits.js";
import { readZip, writeZip, type ZipEntry } from "./zip.js";

/** Options of {@link packagePlugin}. */
export interface PackageOptions {
  /** Folder the `.difypkg` is written to. Default: the project folder. */
  outDir?: string;
  /** Extra export conditions for bundling (e.g. `["@x/source"]` inside this repository). */
  conditions?: readonly string[];
  /** Where the plugin gets Node.js: `wheel` (default) or `system` (see {@link NodeSource}). */
  node?: NodeSource;
  /** The `requirements.txt` line for `node: "wheel"`. Default {@link DEFAULT_NODE_REQUIREMENT}. */
  nodeRequirement?: string;
  /** Uncompressed size limit in bytes. Default the daemon's `MAX_PLUGIN_PACKAGE_SIZE` default (52428800). */
  maxSize?: number;
  /** Minify the bundle (names kept, so stack traces stay readable). Default true. */
  minify?: boolean;
  /** Sign the package with this private key file (PEM), as `x-plugin sign` does. */
  signKey?: string;
  /** `authorized_category` of the signature. Default `community`. */
  category?: AuthorizedCategory;
  /** Options of `check`, which runs first. */
  check?: Omit<CheckOptions, "conditions" | "loaded">;
  /** `created_at` when the manifest has none. Default now. */
  createdAt?: Date;
}

/** What {@link packagePlugin} wrote. */
export interface PackageResult {
  /** Absolute path of the `.difypkg`. */
  file: string;
  /** Bytes of the `.difypkg`. */
  size: number;
  /** Summed uncompressed size (what the daemon compares with `MAX_PLUGIN_PACKAGE_SIZE`). */
  uncompressedSize: number;
  /** Every file in the package, in archive order. */
  files: PackagedFileSize[];
  /** The generated `manifest.yaml`, as an object. */
  manifest: Record<string, unknown>;
  /** Warnings from `check` and packaging. */
  warnings: string[];
  /** True when the package was signed. */
  signed: boolean;
  /** Where the package gets Node.js. */
  node: NodeSource;
  /** How to install the package, for printing. */
  instructions: string;
}

/**
 * Checks the plugin, bundles it into one minified ESM file for Node 22, and writes `<name>-<version>.difypkg`:
 * the layout the daemon decodes (`manifest.yaml`, provider and tool YAML, `_assets/`, `README.md`, a
 * `requirements.txt` for the chosen {@link NodeSource}, the `main.py` entrypoint that `os.execv`s Node on the
 * bundle, and the files `"x-plugin".files` lists, at their project paths), signed when `signKey` is given.
 * Throws {@link CheckFailedError} when `check` finds errors and {@link PackageTooLargeError} over the size limit.
 */
export async function packagePlugin(
  project: PluginProject,
  options: PackageOptions = {},
): Promise<PackageResult> {
  const conditions = options.conditions ? { conditions: options.conditions } : {};
  const node = options.node ?? "wheel";
  // Read the key first: a bad key should fail before the bundling work, not after.
  const signingKey = options.signKey ? readPrivateKeyFile(options.signKey) : undefined;
  const report = await checkPlugin(project, { ...conditions, ...options.check });
  const errors = report.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new CheckFailedError(errors);

  const layout = packageLayout({
    manifest: report.loaded.manifest,
    declarations: report.loaded.declarations,
    manifestFile: projectPath(project, project.manifestFile),
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
  });

  const cacheDir = join(project.dir, "node_modules", ".cache", "x-plugin");
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(cacheDir, "package-"));
  let bundled: Buffer;
  try {
    const outfile = join(staging, BUNDLE_FILE);
    await bundle({
      source: runnerSource(project.entry),
      resolveDir: project.dir,
      outfile,
      entryLabel: projectPath(project, project.entry),
      ...conditions,
      minify: options.minify ?? true,
    });
    bundled = readFileSync(outfile);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  const warnings = report.problems
    .filter((p) => p.severity === "warning")
    .map((p) => `${p.file}: ${p.message}`);
  const readmes = packageReadmes(project.dir, layout.manifest, report.loaded.declarations);
  if (readmes.some((readme) => readme.generated)) {
    warnings.push(
      "README.md: the project has none, so the package carries one generated from the manifest (Dify shows it on the plugin's page); write your own README.md to replace it",
    );
  }
  const nodeRequirement = options.nodeRequirement ?? DEFAULT_NODE_REQUIREMENT;
  const entries: ZipEntry[] = [
    ...layout.files.map((file) => ({ path: file.path, data: Buffer.from(file.text, "utf8") })),
    ...readmes.map((readme) => ({ path: readme.path, data: readme.data })),
    { path: `${PYTHON_ENTRYPOINT}.py`, data: Buffer.from(pythonEntrypointSource(BUNDLE_FILE, node), "utf8") },
    { path: "requirements.txt", data: Buffer.from(requirementsSource(node, nodeRequirement)) },
    { path: BUNDLE_FILE, data: bundled },
    ...[...report.assets].map(([name, bytes]) => ({ path: `_assets/${name}`, data: bytes })),
  ];
  const generated = new Set(entries.map((entry) => entry.path));
  const clashes = report.files.filter((file) => generated.has(file.path));
  if (clashes.length > 0) {
    throw new CheckFailedError(
      clashes.map((file) => ({
        severity: "error" as const,
        file: "package.json",
        field: "x-plugin.files",
        message: `${file.path} is a file the package writes itself; move the data elsewhere`,
      })),
    );
  }
  entries.push(...report.files);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const files = entries.map((entry) => ({ path: entry.path, size: entry.data.length }));
  let uncompressedSize = files.reduce((sum, file) => sum + file.size, 0);
  const limit = options.maxSize ?? DAEMON_MAX_PACKAGE_SIZE;
  if (uncompressedSize > limit) {
    throw new PackageTooLargeError(
      uncompressedSize,
      limit,
      [...files].sort((a, b) => b.size - a.size).slice(0, 5),
    );
  }

  let archive = await writeZip(entries);
  // Read it back as the daemon will; a writer bug must fail here, not on the user's Dify.
  const readBack = await readZip(archive);
  if (readBack.files.length !== entries.length)
    throw new Error("internal error: the written package does not read back");
  if (signingKey) {
    archive = (await signPackage(archive, signingKey, options.category ? { category: options.category } : {}))
      .archive;
    const verification = (await readZip(archive)).files.at(-1);
    if (verification) {
      files.push({ path: verification.path, size: verification.data.length });
      uncompressedSize += verification.data.length;
    }
  }

  const name = String(layout.manifest.name);
  const version = String(layout.manifest.version);
  const outDir = resolve(options.outDir ?? project.dir);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}-${version}.difypkg`);
  writeFileSync(file, archive);

  return {
    file,
    size: archive.length,
    uncompressedSize,
    files,
    manifest: layout.manifest,
    warnings,
    signed: signingKey !== undefined,
    node,
    instructions: installInstructions({
      file,
      size: archive.length,
      node,
      nodeRequirement,
      signed: signingKey !== undefined,
    }),
  };
}
