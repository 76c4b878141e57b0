import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initProject, PLUGIN_KINDS, runCli, templatesDir } from "../src/index.js";

const root = mkdtempSync(join(tmpdir(), "xp-scaffold-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

describe("x-plugin init templates", () => {
  it("has one template folder per kind", () => {
    expect(readdirSync(templatesDir()).sort()).toEqual([...PLUGIN_KINDS].sort());
  });

  it.each(PLUGIN_KINDS)(
    "fills every placeholder of %s: the README starts with the plugin's title, not a raw marker",
    (kind) => {
      const { dir } = initProject({
        name: "hello-tools",
        dir: join(root, `hello-${kind}`),
        author: "acme",
        kind,
      });
      expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/^# Hello Tools\n/);
      for (const file of allFiles(dir)) {
        expect(readFileSync(file, "utf8"), file).not.toMatch(/__[A-Z][A-Z_]*__|\*\*[A-Z_]+\*\*/);
      }
    },
  );

  it("refuses a kind it cannot scaffold yet, naming the ones it can", async () => {
    const err: string[] = [];
    const code = await runCli(["init", "x", "--kind", "webhook"], {
      out: () => {},
      err: (l) => err.push(l),
      cwd: root,
    });
    expect(code).toBe(2);
    expect(err.join("\n")).toContain("--kind must be one of tool, endpoint");
  });
});
