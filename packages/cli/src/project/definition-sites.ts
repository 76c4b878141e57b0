import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin as EsbuildPlugin } from "esbuild";

/** A position in the project's own source: the file a developer edits, 1-based line and column. */
export interface SourcePosition {
  /** Absolute path. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** Raw stacks the load bundle records where the project calls `defineTool` and `defineToolProvider`. */
export interface RecordedSites {
  /** One entry per `defineToolProvider` call, in call order. */
  providers: Array<{ name: unknown; stack: string; tools: Array<string | undefined> }>;
}

const SHIM_NAMESPACE = "x-plugin-definition-sites";
const SITES_MODULE = "x-plugin:definition-sites";

/**
 * An esbuild plugin for the bundle `check` loads: the project's imports of `@x/tool` go through a thin wrapper
 * whose `defineTool` records the stack of its call (so a declaration problem found later names the tool's own
 * file, e.g. `src/tools/triage.ts`, not the entry that registered it), and whose `defineToolProvider` tags an
 * error about `tools[i]` with that tool's stack. Everything else is `@x/tool` unchanged.
 */
export function definitionSitesPlugin(projectDir: string): EsbuildPlugin {
  return {
    name: "x-plugin-definition-sites",
    setup(build) {
      build.onResolve({ filter: /^@x\/tool$/ }, (args) => {
        if (args.namespace === SHIM_NAMESPACE || !isProjectFile(projectDir, args.importer)) return undefined;
        return { path: "@x/tool", namespace: SHIM_NAMESPACE, pluginData: { resolveDir: args.resolveDir } };
      });
      build.onResolve({ filter: /^x-plugin:definition-sites$/ }, () => ({
        path: SITES_MODULE,
        namespace: SHIM_NAMESPACE,
      }));
      build.onLoad({ filter: /.*/, namespace: SHIM_NAMESPACE }, (args) => {
        if (args.path === SITES_MODULE) {
          return { contents: "export const __xSites = { providers: [] };\n", loader: "js" };
        }
        return {
          contents: TOOL_SHIM,
          loader: "js",
          resolveDir: (args.pluginData as { resolveDir?: string } | undefined)?.resolveDir ?? projectDir,
        };
      });
    },
  };
}

/** `import { __xSites } from "x-plugin:definition-sites"` inside the load bundle's entry. */
export const SITES_IMPORT = `import { __xSites } from ${JSON.stringify(SITES_MODULE)};\nexport { __xSites };\n`;

const TOOL_SHIM = `import * as real from "@x/tool";
import { __xSites } from ${JSON.stringify(SITES_MODULE)};
export * from "@x/tool";
const toolStacks = new WeakMap();
function stackAbove(fn) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const holder = {};
  Error.captureStackTrace(holder, fn);
  Error.stackTraceLimit = limit;
  return String(holder.stack ?? "");
}
export function defineTool(definition) {
  const tool = real.defineTool(definition);
  toolStacks.set(tool, stackAbove(defineTool));
  return tool;
}
export function defineToolProvider(definition) {
  const stack = stackAbove(defineToolProvider);
  const tools = Array.isArray(definition?.tools) ? definition.tools.map((t) => toolStacks.get(t)) : [];
  try {
    const provider = real.defineToolProvider(definition);
    __xSites.providers.push({ name: definition?.identity?.name, stack, tools });
    return provider;
  } catch (error) {
    const index = /^tools\\[(\\d+)\\]/.exec(String(error?.field ?? ""));
    const toolStack = index ? tools[Number(index[1])] : undefined;
    if (error && typeof error === "object" && toolStack) {
      try { Object.defineProperty(error, "__xPluginDefinedAt", { value: toolStack, configurable: true }); } catch {}
    }
    throw error;
  }
}
`;

function isProjectFile(projectDir: string, file: string): boolean {
  if (!file || !isAbsolute(file)) return false;
  const rel = relative(projectDir, file);
  return !rel.startsWith("..") && !isAbsolute(rel) && !rel.split(sep).includes("node_modules");
}

const FRAME = /(file:\/\/[^\s()]+?|\/[^\s():]+?):(\d+):(\d+)/g;

/**
 * Finds the first frame of `stack` that lies in the project's own source (not `node_modules`), mapping frames in
 * the bundle back through its source map (`<bundle>.map`).
 */
export function projectFrame(
  stack: string,
  bundleFile: string,
  projectDir: string,
): SourcePosition | undefined {
  let map: SourceMap | undefined;
  let mapRead = false;
  const bundleUrl = pathToFileURL(bundleFile).href;
  for (const match of stack.matchAll(FRAME)) {
    const where = match[1] ?? "";
    const line = Number(match[2]);
    const column = Number(match[3]);
    const path = where.startsWith("file://") ? safePath(where) : where;
    if (!path) continue;
    if (path === bundleFile || where === bundleUrl) {
      if (!mapRead) {
        mapRead = true;
        try {
          map = new SourceMap(JSON.parse(readFileSync(`${bundleFile}.map`, "utf8")));
        } catch {
          map = undefined;
        }
      }
      const entry = map?.findEntry(line - 1, column - 1) as
        | { originalSource?: string; originalLine?: number; originalColumn?: number }
        | undefined;
      if (!entry?.originalSource) continue;
      const source = entry.originalSource.startsWith("file://")
        ? safePath(entry.originalSource)
        : resolve(dirname(bundleFile), entry.originalSource);
      if (source && isProjectFile(projectDir, source)) {
        return { file: source, line: (entry.originalLine ?? 0) + 1, column: (entry.originalColumn ?? 0) + 1 };
      }
    } else if (isProjectFile(projectDir, path) && /\.[cm]?[jt]sx?$/.test(path)) {
      return { file: path, line, column };
    }
  }
  return undefined;
}

function safePath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}
