import { build, type Message } from "esbuild";
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
  /** Minify the output. Default false: stack traces in Dify's logs stay readable. */
  minify?: boolean;
  /** File named in a bundling error. */
  entryLabel: string;
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
      legalComments: "eof",
      logLevel: "silent",
      banner: { js: REQUIRE_SHIM },
      conditions: [...(options.conditions ?? [])],
      mainFields: ["module", "main"],
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
