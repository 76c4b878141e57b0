import { stringify } from "yaml";
import { PluginLoadError } from "../errors/plugin-load-error.js";
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

const SUPPORTED = new Set(["tool", "endpoint"]);

/**
 * Turns TypeScript declarations into the files the daemon decodes from a package: `manifest.yaml` with
 * `plugins.tools` → `provider/<provider>.yaml` whose `tools` list → `tools/<tool>.yaml`, and `plugins.endpoints`
 * → `group/<name>.yaml` whose `endpoints` list → `endpoints/<n>.yaml`. `meta.runner` is always
 * `{language: python, version: "3.12", entrypoint: main}` because the daemon launches only Python.
 */
export function packageLayout(input: PackageLayoutInput): PackageLayout {
  const manifestFile = input.manifestFile ?? "src/manifest.ts";
  const manifest = jsonCopy(input.manifest) as Record<string, unknown>;
  const files: LayoutFile[] = [];
  const plugins: Record<string, string[]> = {};

  for (const [kind, list] of input.declarations) {
    if (list.length === 0) continue;
    if (!SUPPORTED.has(kind)) {
      throw new PluginLoadError(
        manifestFile,
        `x-plugin package supports tool and endpoint plugins; this plugin declares "${kind}", which it cannot write as YAML yet`,
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

  const tool = input.declarations.get("tool")?.[0];
  if (tool) {
    const provider = jsonCopy(tool) as Record<string, unknown>;
    const providerName = nameOf(provider, "tool provider");
    const tools = Array.isArray(provider.tools) ? (provider.tools as Record<string, unknown>[]) : [];
    const toolFiles: string[] = [];
    for (const toolDeclaration of tools) {
      const path = `tools/${safeFileName(nameOf(toolDeclaration, "tool"))}.yaml`;
      if (toolFiles.includes(path)) throw new PluginLoadError(manifestFile, `two tools are named ${path}`);
      toolFiles.push(path);
      files.push({ path, text: yaml(toolDeclaration) });
    }
    provider.tools = toolFiles;
    if (provider.credentials_schema === undefined && provider.credentials_for_provider === undefined) {
      provider.credentials_schema = [];
    }
    const path = `provider/${safeFileName(providerName)}.yaml`;
    files.push({ path, text: yaml(provider) });
    plugins.tools = [path];
  }

  const endpoint = input.declarations.get("endpoint")?.[0];
  if (endpoint) {
    const group = jsonCopy(endpoint) as Record<string, unknown>;
    const endpoints = Array.isArray(group.endpoints) ? (group.endpoints as Record<string, unknown>[]) : [];
    group.endpoints = endpoints.map((declaration, index) => {
      const slug = String(declaration.path ?? "")
        .replace(/[^a-zA-Z0-9_-]+/g, "_")
        .replace(/^_+|_+$/g, "");
      const path = `endpoints/${index + 1}-${String(declaration.method ?? "any").toLowerCase()}${slug ? `-${slug}` : ""}.yaml`;
      files.push({ path, text: yaml(declaration) });
      return path;
    });
    const path = `group/${safeFileName(String(manifest.name ?? "endpoints"))}.yaml`;
    files.push({ path, text: yaml(group) });
    plugins.endpoints = [path];
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

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

function jsonCopy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nameOf(declaration: Record<string, unknown>, what: string): string {
  const identity = declaration.identity;
  const name = isRecord(identity) ? identity.name : undefined;
  if (typeof name !== "string" || name === "") {
    throw new PluginLoadError("src", `a ${what} declaration has no identity.name`);
  }
  return name;
}

function safeFileName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]+/g, "_");
}
