import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
    expect(err.join("\n")).toContain(
      "--kind must be one of tool, endpoint, agent-strategy, model, trigger, datasource",
    );
  });
});

describe("x-plugin init --from", () => {
  const packagesDir = resolve(templatesDir(), "../..");
  const xDependencies = (name: string): string[] => {
    const pkg = JSON.parse(readFileSync(join(packagesDir, name, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    return Object.keys(pkg.dependencies ?? {}).filter((dep) => dep.startsWith("@x/"));
  };

  it.each(PLUGIN_KINDS)(
    "asks %s for a tarball of every @x package it needs, its packages' own @x dependencies included",
    (kind) => {
      const from = join(root, `tarballs-${kind}`);
      mkdirSync(from);
      for (const name of readdirSync(packagesDir)) writeFileSync(join(from, `x-${name}-0.1.0.tgz`), "");
      const { dir } = initProject({
        name: "deps",
        dir: join(root, `from-${kind}`),
        author: "acme",
        kind,
        from,
      });
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
        devDependencies: Record<string, string>;
        overrides: Record<string, string>;
      };
      // Everything reachable from the template's @x dependencies through the packages' package.json.
      const needed = new Set(
        Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => d.startsWith("@x/")),
      );
      for (const name of needed) for (const dep of xDependencies(name.slice(3))) needed.add(dep);
      expect(Object.keys(pkg.overrides).sort()).toEqual([...needed].sort());
      for (const spec of Object.values(pkg.overrides)) expect(spec).toMatch(/^file:\.\.\/tarballs-/);
    },
  );
});
