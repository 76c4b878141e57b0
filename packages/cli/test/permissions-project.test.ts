import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initProject, runCli } from "../src/index.js";
import { linkDependencies, setPermission, WORKSPACE_CONDITIONS } from "./helpers/workspace-scaffold.js";

// check and package on a real project whose tool reaches a reverse call through a variable (issue 19's false
// positive), and the two ways to override the scan: package.json and the --permission-check flag.

const ROUTE_TOOL = `import { defineTool, messages } from "@x/tool";

/** Routes a message with the Question Classifier node, through a variable holding the node client. */
export const route = defineTool({
  identity: { name: "route" },
  description: { human: "Routes a message.", llm: "Routes a message to sales or support." },
  parameters: { text: { type: "string", required: true, label: "Text", description: "The message." } },
  async invoke({ text }, { session }) {
    // @x/node is not installed in this scaffold; check bundles without type-checking.
    const nodes = session.workflowNode;
    const result = await nodes.questionClassifier.invoke({ query: text });
    return messages.text(result.outputs.class_name);
  },
});
`;

let root: string;
let project: string;
const conditions = ["--conditions", WORKSPACE_CONDITIONS.join(",")];

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, "--dir", project, ...conditions], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: root,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function setPackageConfig(config: Record<string, unknown> | undefined) {
  const path = join(project, "package.json");
  const pkg = JSON.parse(readFileSync(path, "utf8"));
  if (config) pkg["x-plugin"] = config;
  else delete pkg["x-plugin"];
  writeFileSync(path, JSON.stringify(pkg, null, 2));
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "x-plugin-perm-"));
  project = initProject({ name: "router", dir: join(root, "router"), author: "acme" }).dir;
  linkDependencies(project);
  writeFileSync(join(project, "src/tools/route.ts"), ROUTE_TOOL);
  const plugin = join(project, "src/plugin.ts");
  writeFileSync(
    plugin,
    readFileSync(plugin, "utf8")
      .replace(
        'import { greet } from "./tools/greet.js";',
        'import { greet } from "./tools/greet.js";\nimport { route } from "./tools/route.js";',
      )
      .replace("tools: [greet]", "tools: [greet, route]"),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("permissions on a project", { timeout: 60_000 }, () => {
  it("a node permission used through a variable passes check and package (no 'remove it' error)", async () => {
    setPermission(project, "{ node: { enabled: true } }");
    const check = await cli(["check"]);
    expect(check.err).toBe("");
    expect(check.out).not.toContain("remove resource.permission.node");
    expect(check.code).toBe(0);
    const pkg = await cli(["package", "--out", join(root, "out")]);
    expect(pkg.err).toBe("");
    expect(pkg.code).toBe(0);
  });

  it("without the permission it warns (naming the variable) and still packages", async () => {
    setPermission(project, "{}");
    const check = await cli(["check"]);
    expect(check.code).toBe(0);
    expect(check.out).toContain("warning: src/manifest.ts (resource.permission.node.enabled)");
    expect(check.out).toContain("src/tools/route.ts:10 (session.workflowNode)");
  });

  it("an unused permission is a warning, and package still builds", async () => {
    setPermission(project, "{ node: { enabled: true }, app: { enabled: true } }");
    const check = await cli(["check"]);
    expect(check.code).toBe(0);
    expect(check.out).toContain("warning: src/manifest.ts (resource.permission.app.enabled)");
    expect((await cli(["package", "--out", join(root, "out")])).code).toBe(0);
  });

  it('package.json "x-plugin".usesPermissions silences the warning for a call the scan cannot see', async () => {
    setPackageConfig({ usesPermissions: ["app.enabled"] });
    try {
      const check = await cli(["check"]);
      expect(check.out).not.toContain("resource.permission.app.enabled");
      expect(check.code).toBe(0);
    } finally {
      setPackageConfig(undefined);
    }
  });

  it('a missing permission for a direct call blocks package; "permissionCheck": "warn" and --permission-check override it', async () => {
    setPermission(project, "{ node: { enabled: true } }");
    const relay = join(project, "src/tools/route.ts");
    const saved = readFileSync(relay, "utf8");
    writeFileSync(
      relay,
      `${saved}\nexport const probe = (s: { session: any }) => s.session.tool.invokeBuiltinTool("a/b/c", "d", {});\n`,
    );
    try {
      const blocked = await cli(["package", "--out", join(root, "out")]);
      expect(blocked.code).toBe(1);
      expect(blocked.err).toContain("resource.permission.tool.enabled");

      const flagged = await cli(["package", "--out", join(root, "out"), "--permission-check", "warn"]);
      expect(flagged.code).toBe(0);
      expect(flagged.out).toContain("warning: src/manifest.ts: set resource.permission.tool.enabled");

      setPackageConfig({ permissionCheck: "warn" });
      const configured = await cli(["package", "--out", join(root, "out")]);
      expect(configured.code).toBe(0);
      // The flag wins over package.json.
      expect((await cli(["check", "--permission-check", "error"])).code).toBe(1);
      expect((await cli(["check", "--permission-check", "off"])).out).not.toContain("resource.permission");
    } finally {
      writeFileSync(relay, saved);
      setPackageConfig(undefined);
    }
  });

  it("refuses an unknown permissionCheck value in package.json, naming the choices", async () => {
    setPackageConfig({ permissionCheck: "maybe" });
    try {
      const check = await cli(["check"]);
      expect(check.code).toBe(1);
      expect(check.err).toContain('"x-plugin".permissionCheck must be one of "error", "warn", "off"');
    } finally {
      setPackageConfig(undefined);
    }
  });
});
