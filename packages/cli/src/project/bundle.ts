import { readFile } from "node:fs/promises";
import { extname, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin as EsbuildPlugin, type Loader, type Message } from "esbuild";
import { PluginLoadError } from "../errors/plugin-load-error.js";

/** Options of {@link bundle}. */
export interface BundleOptions {
  /** Module source to bundle (an import of the entry plus start-up code), resolved from `resolveDir`. */
  source: string;
  /** Folder bare imports resolve from (the plugin project). */
  resolveDir: string;
  /** Output file. */
  outfile: string;
  /** Extra export conditions, e.g. `["@x/source"]` to bundle workspace sources. */
  conditions?: readonly string[];
  /**
   * Minify the output. Default false here; `package` minifies by default. Function and class names are kept
   * (esbuild `keepNames`), so stack traces in Dify's logs still name them.
   */
  minify?: boolean;
  /** File named in a bundling error. */
  entryLabel: string;
  /**
   * Where the project's own modules see themselves through `import.meta.url`, so module-relative paths such as
   * `new URL("../_assets/icon.svg", import.meta.url)` keep working once everything is one file:
   * `bundle` (default) lays the source tree out under the bundle's folder (the package root of a `.difypkg`,
   * where `_assets/` sits); `project` keeps the real project folder (for bundles run in place by `check` and `dev`).
   */
  moduleUrls?: "bundle" | "project";
  /** Write `<outfile>.map` (an external source map, no sources content). Default false. */
  sourcemap?: boolean;
  /** More esbuild plugins, run before the module-URL rewriting. */
  plugins?: readonly EsbuildPlugin[];
}

// ESM output cannot `require`; CommonJS dependencies that require Node built-ins need one.
const REQUIRE_SHIM =
  'import { createRequire as __xCreateRequire } from "node:module";\nconst require = __xCreateRequire(import.meta.url);';

/** Bundles a plugin into one ESM file for Node 22 (esbuild: platform node, format esm, target node22). */
export async function bundle(options: BundleOptions): Promise<void> {
  try {
    await build({
      stdin: {
        contents: options.source,
        resolveDir: options.resolveDir,
        sourcefile: "x-plugin-runner.mjs",
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      outfile: options.outfile,
      minify: options.minify ?? false,
      keepNames: options.minify === true,
      legalComments: "eof",
      logLevel: "silent",
      banner: { js: `${REQUIRE_SHIM}\n${rootUrlDeclaration(options)}` },
      conditions: [...(options.conditions ?? [])],
      mainFields: ["module", "main"],
      plugins: [...(options.plugins ?? []), projectModuleUrls(options.resolveDir)],
      ...(options.sourcemap ? { sourcemap: "external" as const, sourcesContent: false } : {}),
    });
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    const text = errors?.length
      ? errors
          .map((m) =>
            m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text,
          )
          .join("\n")
      : (error as Error).message;
    throw new PluginLoadError(options.entryLabel, `bundling failed:\n${text}`, { cause: error });
  }
}

const ROOT_URL = "__xProjectRootUrl";
const LOADERS: Record<string, Loader> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
};

function rootUrlDeclaration(options: BundleOptions): string {
  const root =
    options.moduleUrls === "project"
      ? JSON.stringify(pathToFileURL(`${options.resolveDir}${sep}`).href)
      : 'new URL("./", import.meta.url).href';
  return `const ${ROOT_URL} = ${root};`;
}

/**
 * Rewrites `import.meta.url` in the project's own modules (not in dependencies) to the URL the module would have
 * under {@link ROOT_URL}: one bundle file otherwise gives every module the bundle's URL, which moves their
 * relative paths.
 */
function projectModuleUrls(projectDir: string): EsbuildPlugin {
  return {
    name: "x-plugin-project-module-urls",
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const rel = relative(projectDir, args.path);
        if (rel.startsWith("..") || rel.split(sep).includes("node_modules")) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta.url")) return undefined;
        const url = `new URL(${JSON.stringify(rel.split(sep).join("/"))}, ${ROOT_URL}).href`;
        return {
          contents: source.replace(/\bimport\.meta\.url\b/g, url),
          loader: LOADERS[extname(args.path)] ?? "ts",
        };
      });
    },
  };
}
