import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initProject, runCli } from "../src/index.js";
import { linkDependencies, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// Errors name the file that defines the bad thing, found through the load bundle's source map and the stack of
// the defineTool call, not the entry that happened to import it.

let root: string;
let project: string;

async function check() {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["check", "--dir", project, "--conditions", WORKSPACE_CONDITIONS.join(",")], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: root,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function edit(file: string, change: (text: string) => string): () => void {
  const path = join(project, file);
  const saved = readFileSync(path, "utf8");
  writeFileSync(path, change(saved));
  return () => writeFileSync(path, saved);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-errors-"));
  project = initProject({ name: "errs", dir: join(root, "errs"), author: "acme" }).dir;
  linkDependencies(project);
  // A second tool in its own file, registered after greet.
  writeFileSync(
    join(project, "src/tools/triage.ts"),
    `import { defineTool, messages } from "@x/tool";

/** Triage. */
export const triage = defineTool({
  identity: { name: "triage" },
  description: { human: "Triage.", llm: "Triage a message." },
  parameters: {},
  invoke: () => messages.text("ok"),
});
`,
  );
  edit("src/plugin.ts", (text) =>
    text
      .replace(
        'import { greet } from "./tools/greet.js";',
        'import { greet } from "./tools/greet.js";\nimport { triage } from "./tools/triage.js";',
      )
      .replace("tools: [greet]", "tools: [greet, triage]"),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("errors name the defining file", { timeout: 60_000 }, () => {
  it("the scaffold with two tools passes", async () => {
    const result = await check();
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
  });

  it("a bad tool name in src/tools/triage.ts is reported against that file and line, not src/plugin.ts", async () => {
    const restore = edit("src/tools/triage.ts", (text) => text.replace('name: "triage"', 'name: "bad name"'));
    try {
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.err).toContain(
        '✗ src/tools/triage.ts:4 (identity.name): must match ^[a-zA-Z0-9_-]+$, got "bad name" (raised while importing src/plugin.ts)',
      );
    } finally {
      restore();
    }
  });

  it("a provider-level error is reported against the defineToolProvider call", async () => {
    const restore = edit("src/plugin.ts", (text) => text.replace('name: "errs"', 'name: "errs!"'));
    try {
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/✗ src\/plugin\.ts:\d+ \(identity\.name\): must match/);
    } finally {
      restore();
    }
  });

  it("a missing manifest label names src/manifest.ts and says a string or { en_US } is expected", async () => {
    const restore = edit("src/manifest.ts", (text) => text.replace(/\n\s*label: "Errs",/, ""));
    try {
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.err).toMatch(
        /✗ src\/manifest\.ts:\d+ \(label\): is required: a string or \{ en_US: "\.\.\." \}/,
      );
      expect(result.err).not.toContain("expected object, received undefined");
    } finally {
      restore();
    }
  });

  it("an error thrown by the project's own code names its file and line", async () => {
    const restore = edit("src/tools/triage.ts", (text) => `${text}\nthrow new Error("boom at import");\n`);
    try {
      const result = await check();
      expect(result.code).toBe(1);
      expect(result.err).toContain("✗ src/tools/triage.ts:11: importing the module failed: boom at import");
    } finally {
      restore();
    }
  });
});
