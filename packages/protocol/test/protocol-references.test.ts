import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Comments across the repository cite the protocol notes as `§2.3`, `§9 item 16`...: those notes live in
// docs/protocol.md, and every section a comment cites must exist there.
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|md)$/.test(name) && !path.includes(`${join("docs", "protocol.md")}`)) out.push(path);
  }
  return out;
}

describe("docs/protocol.md", () => {
  it("has every section that a comment or README of the repository cites", () => {
    const doc = readFileSync(join(ROOT, "docs/protocol.md"), "utf8");
    const sections = new Set(
      [...doc.matchAll(/^#{2,4} (\d+(?:\.\d+)*)[. ]/gm)].map((match) => match[1] as string),
    );
    expect(sections.size).toBeGreaterThan(30);
    const missing: string[] = [];
    const files = ["packages", "apps", "tooling"].flatMap((dir) => sourceFiles(join(ROOT, dir)));
    for (const file of files) {
      for (const match of readFileSync(file, "utf8").matchAll(/§(\d+(?:\.\d+)*)/g)) {
        if (!sections.has(match[1] as string)) missing.push(`${relative(ROOT, file)}: §${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
