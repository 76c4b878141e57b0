#!/usr/bin/env node
// `x-build`, the build script of every library package: tsc writes the declarations (one .d.ts per source file, as
// before), esbuild writes the JavaScript as one ES module per export entry, with code shared between a package's
// entries in `dist/chunks/` so a class has one identity whichever entry a caller imports it through.
//
// Why bundle: a plugin that runs from node_modules loads every module file of the SDK. One module per source file
// meant ~160 files for @x/core + @x/protocol alone, and Node's ESM loader (resolve, stat, package-scope lookups,
// compile) cost more than the code itself: importing the built @x/core took ~160 ms of CPU, of which ~100 ms
// disappeared once it was a few files (measured with `pnpm bench`, tooling/perf). Dependencies (zod, undici,
// sibling @x/* packages) stay external imports, so a consumer gets one copy of each and lazy `import("undici")`
// stays lazy.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { build } from "esbuild";

const cwd = process.cwd();
const manifest = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8"));
const require = createRequire(import.meta.url);

/** The source file behind each export entry (its `@x/source` condition), checked against where `import` points. */
function entries() {
  const found = [];
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target !== "object" || target === null || !target["@x/source"]) continue;
    const source = target["@x/source"];
    const expected = source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, ".js");
    if (target.import !== expected) {
      throw new Error(
        `${manifest.name}: exports["${subpath}"].import is ${target.import}, but x-build writes ${source} to ${expected}`,
      );
    }
    found.push(source);
  }
  // Files that something other than `exports` loads from dist/ (a committed bin that imports dist/cli/x.js).
  for (const extra of manifest["x-build"]?.entries ?? []) found.push(extra);
  if (found.length === 0) throw new Error(`${manifest.name}: no export entry has an "@x/source" condition`);
  return found;
}

/**
 * Every `import … from "zod"` of an SDK package goes through `@x/protocol/zod` (kept external like any
 * dependency): Node running the package unbundled then loads zod on first use instead of at import, ~50 ms of
 * CPU off a plugin's start (packages/protocol/src/lazy-zod.ts says why and how). Only protocol's own zod.ts,
 * the one module that imports zod itself, is left alone.
 */
const lazyZod = {
  name: "x-build-lazy-zod",
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, (args) => {
      if (manifest.name === "@x/protocol" && /[\\/]src[\\/]zod\.ts$/.test(args.importer)) return undefined;
      return { path: "@x/protocol/zod", external: true };
    });
  },
};

const entryPoints = entries();
rmSync(join(cwd, "dist"), { recursive: true, force: true });

const tsc = spawnSync(
  process.execPath,
  [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--emitDeclarationOnly"],
  { cwd, stdio: "inherit" },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

await build({
  absWorkingDir: cwd,
  entryPoints,
  outbase: "src",
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "external",
  // Merging modules can rename a clashing local (`class X` → `X2`); error classes and handlers keep their names.
  keepNames: true,
  sourcemap: true,
  chunkNames: "chunks/[name]-[hash]",
  plugins: [lazyZod],
  logLevel: "warning",
});

const written = entryPoints.map((entry) => relative(cwd, join(cwd, entry)));
process.stdout.write(`x-build ${manifest.name}: ${written.join(", ")}\n`);
