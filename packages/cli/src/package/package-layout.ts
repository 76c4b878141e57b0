import { PluginLoadError } from "../errors/plugin-load-error.js";
import { isRecord, jsonCopy, yaml } from "./layout/layout-kit.js";
import { KIND_WRITERS } from "./layout/writers.js";
import { PYTHON_ENTRYPOINT } from "./python-entrypoint.js";

/** A text file of the package, by its path inside the `.difypkg`. */
export interface LayoutFile {
  /** Path inside the package, `/`-separated. */
  path: string;
  /** File contents. */
  text: string;
}

/** Inputs of {@link packageLayout}. */
export interface PackageLayoutInput {
  /** The plugin's manifest as written in TypeScript (without `plugins` file lists; `meta.runner` is overridden). */
  manifest: Readonly<Record<string, unknown>>;
  /** Declarations by kind, as the plugin registers them (`plugin.declarations()`). */
  declarations: ReadonlyMap<string, readonly object[]>;
  /** `created_at` when the manifest has none. Default: now. */
  createdAt?: Date;
  /** Manifest file to name in errors. Default `src/manifest.ts`. */
  manifestFile?: string;
}

/** The generated `manifest.yaml` (as an object and as text) and the provider/tool YAML files it points to. */
export interface PackageLayout {
  /** The manifest written to `manifest.yaml`. */
  manifest: Record<string, unknown>;
  /** `manifest.yaml` and every YAML file listed under its `plugins`. */
  files: LayoutFile[];
}

/**
 * Turns TypeScript declarations into the files the daemon decodes from a package: `manifest.yaml` with
 * `plugins.tools` → `provider/<provider>.yaml` whose `tools` list → `tools/<tool>.yaml`, and `plugins.endpoints`
 * → `group/<name>.yaml` whose `endpoints` list → `endpoints/<n>.yaml`. `meta.runner` is always
 * `{language: python, version: "3.12", entrypoint: main}` because the daemon launches only Python. Each kind's
 * files come from its writer in `layout/writers.ts`.
 */
export function packageLayout(input: PackageLayoutInput): PackageLayout {
  const manifestFile = input.manifestFile ?? "src/manifest.ts";
  const manifest = jsonCopy(input.manifest) as Record<string, unknown>;
  const files: LayoutFile[] = [];
  const plugins: Record<string, string[]> = {};

  for (const [kind, list] of input.declarations) {
    if (list.length === 0) continue;
    const writer = KIND_WRITERS.get(kind);
    if (!writer) {
      throw new PluginLoadError(
        manifestFile,
        `x-plugin package supports ${[...KIND_WRITERS.keys()].join(", ")} plugins; this plugin declares "${kind}", which it cannot write as YAML yet`,
      );
    }
    if (list.length > 1) {
      // The daemon keeps only one declaration per kind (element [0] over TCP, the last file from a package).
      throw new PluginLoadError(
        manifestFile,
        `the plugin declares ${list.length} ${kind} providers; Dify accepts one`,
      );
    }
  }
  for (const [kind, writer] of KIND_WRITERS) {
    const declaration = input.declarations.get(kind)?.[0];
    if (!declaration) continue;
    plugins[writer.manifestKey] = writer.write(declaration as Record<string, unknown>, {
      manifest,
      manifestFile,
      files,
    });
  }

  const meta = (isRecord(manifest.meta) ? manifest.meta : {}) as Record<string, unknown>;
  manifest.type ??= "plugin";
  manifest.plugins = plugins;
  manifest.meta = {
    version: meta.version ?? "0.0.1",
    arch: meta.arch ?? ["amd64", "arm64"],
    runner: { language: "python", version: "3.12", entrypoint: PYTHON_ENTRYPOINT },
    ...(meta.minimum_dify_version === undefined ? {} : { minimum_dify_version: meta.minimum_dify_version }),
  };
  manifest.created_at ??= (input.createdAt ?? new Date()).toISOString();
  delete manifest.verified;

  files.unshift({ path: "manifest.yaml", text: yaml(manifest) });
  return { manifest, files };
}
