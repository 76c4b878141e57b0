import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProject, runCli } from "../src/index.js";
import { launchUnpacked, readPackageFiles } from "./helpers/scaffold-lifecycle.js";
import { linkDependencies, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// `"x-plugin": { "files": [...] }`: data a plugin reads at run time goes into the package at its project path, so
// `new URL("../data/…", import.meta.url)` from `src/` finds it beside the bundle, under `python -m main` as in the
// project. Nothing outside the project gets in: a symbolic link is left out with a warning.

const CONDITIONS = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

const PLUGIN = `import { readFileSync } from "node:fs";
import { definePluginManifest, Plugin } from "@x/core";
import { defineTool, defineToolProvider, messages } from "@x/tool";

const manifest = definePluginManifest({
  version: "0.0.1",
  author: "acme",
  name: "data-reader",
  label: "Data Reader",
  description: "Reads the data it ships with.",
  icon: "icon.svg",
  created_at: "2026-01-01T00:00:00Z",
  permission: {},
});

const greeting = defineTool({
  identity: { name: "greeting" },
  description: "The greeting in data/greeting.txt",
  *invoke() {
    yield messages.text(readFileSync(new URL("../data/greeting.txt", import.meta.url), "utf8").trim());
    yield messages.json(JSON.parse(readFileSync(new URL("../data/deep/level.json", import.meta.url), "utf8")));
  },
});

export default new Plugin({ manifest }).register(
  defineToolProvider({
    identity: { author: "acme", name: "data", label: "Data", description: "Data", icon: "icon.svg" },
    tools: [greeting],
  }),
);
`;

let root: string;
let project: string;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: root });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function writePackageJson(files: unknown) {
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "data-reader",
      version: "0.0.1",
      private: true,
      type: "module",
      dependencies: { "@x/core": "*", "@x/tool": "*" },
      "x-plugin": { files },
    }),
  );
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-files-"));
  project = join(root, "data-reader");
  mkdirSync(join(project, "src"), { recursive: true });
  mkdirSync(join(project, "_assets"));
  mkdirSync(join(project, "data/deep"), { recursive: true });
  writeFileSync(join(project, "src/plugin.ts"), PLUGIN);
  writeFileSync(join(project, "_assets/icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(project, "data/greeting.txt"), "Hello from the data folder\n");
  writeFileSync(join(project, "data/deep/level.json"), '{"level":2}');
  writeFileSync(join(project, "NOTES.md"), "notes\n");
  writeFileSync(join(root, "secret.txt"), "outside the project");
  symlinkSync(join(root, "secret.txt"), join(project, "data/secret-link.txt"));
  writePackageJson(["data/", "NOTES.md"]);
  linkDependencies(project);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('"x-plugin".files', { timeout: 120_000 }, () => {
  it("are carried at their project paths, links left out with a warning, and read by the packaged plugin", async () => {
    const result = await cli(["package", "--dir", project, "--out", join(root, "out"), ...CONDITIONS]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toContain("data/secret-link.txt: not packaged: a symbolic link");
    const packageFile = join(root, "out", "data-reader-0.0.1.difypkg");
    const { files, text } = await readPackageFiles(packageFile);
    expect(text("data/greeting.txt")).toBe("Hello from the data folder\n");
    expect(text("data/deep/level.json")).toBe('{"level":2}');
    expect(text("NOTES.md")).toBe("notes\n");
    expect([...files.keys()].filter((path) => path.includes("secret"))).toEqual([]);
    expect([...files.values()].some((data) => data.includes("outside the project"))).toBe(false);

    const stderr: string[] = [];
    const plugin = await launchUnpacked(packageFile, join(root, "installed"), { stderr });
    try {
      const answer = await plugin.invokeTool({ provider: "data", tool: "greeting", parameters: {} });
      expect(answer.error).toBeNull();
      expect(answer.text).toBe("Hello from the data folder");
      const json = answer.messages.filter((message) => message.type === "json").map((m) => m.message);
      expect(json).toEqual([{ json_object: { level: 2 } }]);
    } finally {
      expect(await plugin.close()).toBe(0);
    }
  });

  it("fail check, naming the entry, when a listed path does not exist", async () => {
    writePackageJson(["data", "missing-folder"]);
    try {
      const check = await cli(["check", "--dir", project, ...CONDITIONS]);
      expect(check.code).not.toBe(0);
      expect(`${check.out}\n${check.err}`).toContain(
        "package.json (x-plugin.files[1]): missing-folder does not exist in the project",
      );
    } finally {
      writePackageJson(["data/", "NOTES.md"]);
    }
  });

  it("refuse a file the package writes itself", async () => {
    writeFileSync(join(project, "main.py"), "print('mine')\n");
    writePackageJson(["data", "main.py"]);
    try {
      const pack = await cli(["package", "--dir", project, "--out", join(root, "out-clash"), ...CONDITIONS]);
      expect(pack.code).not.toBe(0);
      expect(`${pack.out}\n${pack.err}`).toContain("main.py is a file the package writes itself");
    } finally {
      rmSync(join(project, "main.py"));
      writePackageJson(["data/", "NOTES.md"]);
    }
  });

  it("must stay inside the project", () => {
    for (const bad of ["../elsewhere", "/etc/passwd", ".", "data/../../x"]) {
      writePackageJson([bad]);
      expect(() => readProject(project), bad).toThrow(/x-plugin"\.files/);
    }
    writePackageJson([42]);
    expect(() => readProject(project)).toThrow(/must be a list of paths/);
    writePackageJson(["data/", "NOTES.md"]);
    expect(readProject(project).files).toEqual(["data", "NOTES.md"]);
  });
});
