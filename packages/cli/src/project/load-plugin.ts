import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PluginLoadError } from "../errors/plugin-load-error.js";
import { bundle } from "./bundle.js";
import {
  definitionSitesPlugin,
  projectFrame,
  type RecordedSites,
  SITES_IMPORT,
  type SourcePosition,
} from "./definition-sites.js";
import { describeLoadFailure } from "./describe-load-failure.js";
import { type PluginProject, projectPath } from "./project.js";

/** The parts of a `@x/core` `Plugin` the CLI uses (checked structurally: the plugin may bundle its own copy). */
export interface PluginLike {
  /** Declarations by kind, in registration order. */
  declarations(): ReadonlyMap<string, readonly object[]>;
  /** Registered `(type, action)` routes. */
  routes?(): Array<{ type: string; action: string }>;
  /** The manifest, when the plugin carries it. */
  readonly manifest?: unknown;
}

/** Where the project defined a tool provider and its tools (from the `defineTool` / `defineToolProvider` calls). */
export interface ToolProviderSites {
  /** `identity.name` given to `defineToolProvider`. */
  name: unknown;
  /** The `defineToolProvider` call. */
  provider: SourcePosition | undefined;
  /** The `defineTool` call of each tool, by index in `tools`. */
  tools: Array<SourcePosition | undefined>;
}

/** A plugin module loaded from its project. */
export interface LoadedPlugin {
  /** The plugin object (`default` or `plugin` export). */
  plugin: PluginLike;
  /** The manifest (`manifest` export, or `plugin.manifest`). */
  manifest: Record<string, unknown>;
  /** `plugin.declarations()`. */
  declarations: ReadonlyMap<string, readonly object[]>;
  /** Where each tool provider and tool was defined, in `defineToolProvider` call order. */
  toolSites: readonly ToolProviderSites[];
}

/** Options of {@link loadPlugin}. */
export interface LoadPluginOptions {
  /** Extra export conditions for bundling (e.g. `["@x/source"]`). */
  conditions?: readonly string[];
}

let counter = 0;

/**
 * Bundles the entry module (TypeScript is fine) into a temporary file under `node_modules/.cache/x-plugin`, imports
 * it and returns its plugin and manifest. The entry must only export: it must not start the plugin itself.
 * An error thrown while importing is reported against the project file whose code raised it (through the
 * bundle's source map, or the `defineTool` call of the tool at fault), with the field it names.
 */
export async function loadPlugin(
  project: PluginProject,
  options: LoadPluginOptions = {},
): Promise<LoadedPlugin> {
  const entryLabel = projectPath(project, project.entry);
  const cacheDir = join(project.dir, "node_modules", ".cache", "x-plugin");
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, `load-${process.pid}-${Date.now()}-${counter++}.mjs`);
  try {
    await bundle({
      source: `import * as entry from ${JSON.stringify(project.entry)};\nexport const __xEntry = entry;\n${SITES_IMPORT}`,
      resolveDir: project.dir,
      outfile,
      entryLabel,
      moduleUrls: "project",
      sourcemap: true,
      plugins: [definitionSitesPlugin(project.dir)],
      ...(options.conditions ? { conditions: options.conditions } : {}),
    });
    let module: Record<string, unknown>;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    try {
      module = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
    } catch (error) {
      const definedAt = (error as { __xPluginDefinedAt?: unknown } | null)?.__xPluginDefinedAt;
      const at =
        (typeof definedAt === "string" ? projectFrame(definedAt, outfile, project.dir) : undefined) ??
        projectFrame(String((error as Error | null)?.stack ?? ""), outfile, project.dir);
      const failure = describeLoadFailure(error, {
        ...(at ? { at: { file: projectPath(project, at.file), line: at.line } } : {}),
        entryLabel,
        viaDefinition: typeof definedAt === "string",
      });
      throw new PluginLoadError(failure.file, failure.message, {
        cause: error,
        ...(failure.line ? { line: failure.line } : {}),
        ...(failure.field ? { field: failure.field } : {}),
      });
    } finally {
      Error.stackTraceLimit = limit;
    }
    const sites = (module.__xSites as RecordedSites | undefined)?.providers ?? [];
    const toolSites = sites.map((site) => ({
      name: site.name,
      provider: projectFrame(site.stack, outfile, project.dir),
      tools: site.tools.map((stack) => (stack ? projectFrame(stack, outfile, project.dir) : undefined)),
    }));
    return {
      ...pluginFromModule((module.__xEntry ?? module) as Record<string, unknown>, entryLabel),
      toolSites,
    };
  } finally {
    rmSync(outfile, { force: true });
    rmSync(`${outfile}.map`, { force: true });
  }
}

/** Finds the plugin and manifest among a module's exports. */
export function pluginFromModule(
  module: Record<string, unknown>,
  entryLabel: string,
): Omit<LoadedPlugin, "toolSites"> {
  const candidate = module.default ?? module.plugin;
  if (!isPluginLike(candidate)) {
    throw new PluginLoadError(
      entryLabel,
      "must export the plugin as `export default plugin` (or `export const plugin`): a @x/core Plugin, e.g. `new Plugin().register(provider)`",
    );
  }
  const manifest = module.manifest ?? candidate.manifest;
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new PluginLoadError(
      entryLabel,
      "must export the manifest as `export const manifest = {...}` (see src/manifest.ts in a project made by x-plugin init)",
    );
  }
  return {
    plugin: candidate,
    manifest: manifest as Record<string, unknown>,
    declarations: candidate.declarations(),
  };
}

function isPluginLike(value: unknown): value is PluginLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { declarations?: unknown }).declarations === "function"
  );
}
