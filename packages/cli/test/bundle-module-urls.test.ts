import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { bundle } from "../src/project/bundle.js";

// Plugins commonly read files next to their sources (`new URL("../_assets/icon.svg", import.meta.url)`).
// One bundle file would give every module the bundle's own URL and move those paths; these tests pin that the
// project's modules keep their relative view in both places a bundle runs.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "x-plugin-urls-"));
  dirs.push(dir);
  mkdirSync(join(dir, "src", "nested"), { recursive: true });
  mkdirSync(join(dir, "_assets"));
  writeFileSync(join(dir, "_assets", "note.txt"), "from the assets folder");
  writeFileSync(
    join(dir, "src", "nested", "read.ts"),
    'import { readFileSync } from "node:fs";\n' +
      'export const note: string = readFileSync(new URL("../../_assets/note.txt", import.meta.url), "utf8");\n',
  );
  return dir;
}

const source = 'export { note } from "./src/nested/read.ts";\n';

describe("bundle keeps module-relative URLs of the project's own modules", () => {
  it("moduleUrls 'project': a bundle run from a cache folder still reads the project's files", async () => {
    const dir = project();
    const outfile = join(dir, "node_modules", ".cache", "x-plugin", "check.mjs");
    await bundle({ source, resolveDir: dir, outfile, entryLabel: "src/index.ts", moduleUrls: "project" });
    const module = (await import(pathToFileURL(outfile).href)) as { note: string };
    expect(module.note).toBe("from the assets folder");
  });

  it("moduleUrls 'bundle': a packaged bundle reads the files laid out beside it, wherever it is unpacked", async () => {
    const dir = project();
    const unpacked = mkdtempSync(join(tmpdir(), "x-plugin-unpacked-"));
    dirs.push(unpacked);
    const outfile = join(dir, "node_modules", ".cache", "x-plugin", "plugin.mjs");
    await bundle({ source, resolveDir: dir, outfile, entryLabel: "src/index.ts" });
    // The .difypkg layout: plugin.mjs and _assets/ at the package root; the project folder is gone.
    cpSync(outfile, join(unpacked, "plugin.mjs"));
    cpSync(join(dir, "_assets"), join(unpacked, "_assets"), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    const module = (await import(pathToFileURL(join(unpacked, "plugin.mjs")).href)) as { note: string };
    expect(module.note).toBe("from the assets folder");
  });
});
