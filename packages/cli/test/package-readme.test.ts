import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageReadmes } from "../src/index.js";

// The daemon's readme endpoint (AvailableI18nReadme, pkg/plugin_packager/decoder/helper.go) reads README.md at
// the package root (required) and readme/README_<lang>.md for other languages.

const root = mkdtempSync(join(tmpdir(), "xp-readme-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const manifest = {
  name: "demo",
  author: "acme",
  version: "0.1.0",
  label: { en_US: "Demo Tools" },
  description: { en_US: "Tools for demos." },
};
const declarations = new Map([
  [
    "tool",
    [
      {
        identity: { name: "demo" },
        tools: [
          {
            identity: { name: "greet", label: { en_US: "Greet" } },
            description: { human: { en_US: "Says hello." } },
          },
        ],
      },
    ],
  ],
]);

describe("packageReadmes", () => {
  it("ships the project's README.md and its readme/README_<lang>.md files, skipping other names", () => {
    const dir = join(root, "with");
    mkdirSync(join(dir, "readme"), { recursive: true });
    writeFileSync(join(dir, "README.md"), "# Mine\n");
    writeFileSync(join(dir, "readme", "README_zh_Hans.md"), "# 我的\n");
    writeFileSync(join(dir, "readme", "README_ja_JP.md"), "# 私の\n");
    writeFileSync(join(dir, "readme", "notes.md"), "not a readme\n");
    writeFileSync(join(dir, "readme", "README_english.md"), "wrong pattern\n");
    const files = packageReadmes(dir, manifest, declarations);
    expect(files.map((f) => [f.path, f.data.toString(), f.generated])).toEqual([
      ["README.md", "# Mine\n", false],
      ["readme/README_ja_JP.md", "# 私の\n", false],
      ["readme/README_zh_Hans.md", "# 我的\n", false],
    ]);
  });

  it("generates README.md from the manifest and tools when the project has none", () => {
    const dir = join(root, "without");
    mkdirSync(dir);
    const [readme, ...rest] = packageReadmes(dir, manifest, declarations);
    expect(rest).toEqual([]);
    expect(readme?.path).toBe("README.md");
    expect(readme?.generated).toBe(true);
    const text = readme?.data.toString() ?? "";
    expect(text).toMatch(/^# Demo Tools\n\nTools for demos\.\n/);
    expect(text).toContain("- **Greet**: Says hello.");
  });
});
