import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { initProject } from "../../src/index.js";

export const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const packagesDir = resolve(cliDir, "..");

/** Inside this repository the @x packages resolve to their TypeScript sources; users get the published builds. */
export const WORKSPACE_CONDITIONS = ["@x/source"] as const;

/** Installs a scaffold's dependencies from this workspace (the `@x` packages it names; they are not published). */
export function linkDependencies(dir: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(join(modules, "@x"), { recursive: true });
  mkdirSync(join(modules, "@types"), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    if (dep.startsWith("@x/"))
      symlinkSync(join(packagesDir, dep.slice("@x/".length)), join(modules, "@x", dep.slice("@x/".length)));
  }
  for (const name of ["vitest", "typescript", "@types/node"]) {
    symlinkSync(realpathSync(join(cliDir, "node_modules", name)), join(modules, name));
  }
  // Third-party runtime dependencies a template names (the trigger's zod), from this workspace too.
  for (const name of ["zod"]) {
    if (pkg.dependencies?.[name] !== undefined)
      symlinkSync(realpathSync(join(cliDir, "node_modules", name)), join(modules, name));
  }
  writeFileSync(
    join(dir, "vitest.workspace-sources.config.mjs"),
    `import { defineConfig } from "vitest/config";
export default defineConfig({ resolve: { conditions: ["@x/source"] }, ssr: { resolve: { conditions: ["@x/source"] } } });
`,
  );
}

/** The `relay` tool: asks another tool through a reverse call (`session.tool`) and relays its text. */
export const RELAY_TOOL = `import { defineTool, messages, toolExtension } from "@x/tool";

/** Asks another tool installed in Dify (a reverse call) and relays its text. */
export const relay = defineTool({
  uses: [toolExtension],
  identity: { name: "relay" },
  description: { human: "Relays a question to the echo tool.", llm: "Relays a question to another tool." },
  parameters: { question: { type: "string", required: true, label: "Question", description: "What to ask." } },
  async invoke({ question }, { session }) {
    const result = session.tool.invokeBuiltinTool("acme/echo/echo", "echo", { text: question });
    let text = "";
    for await (const message of result) if (message.type === "text") text += message.message.text;
    return messages.text(\`echo says: \${text}\`);
  },
});
`;

/** Adds the relay tool to a scaffold (the manifest's permissions are left as they are). */
export function addRelayTool(dir: string): void {
  writeFileSync(join(dir, "src/tools/relay.ts"), RELAY_TOOL);
  const plugin = readFileSync(join(dir, "src/plugin.ts"), "utf8")
    .replace(
      'import { greet } from "./tools/greet.js";',
      'import { greet } from "./tools/greet.js";\nimport { relay } from "./tools/relay.js";',
    )
    .replace("tools: [greet]", "tools: [greet, relay]");
  writeFileSync(join(dir, "src/plugin.ts"), plugin);
}

/** Sets `resource.permission` in the scaffold's manifest. */
export function setPermission(dir: string, permission: string): void {
  const path = join(dir, "src/manifest.ts");
  writeFileSync(
    path,
    readFileSync(path, "utf8").replace(/permission: \{.*\},/, `permission: ${permission},`),
  );
}

/** Scaffolds `name` under `root`, links it to the workspace, adds the relay tool and enables `tool`. */
export function relayPlugin(root: string, name: string): string {
  const { dir } = initProject({ name, dir: join(root, name), author: "acme" });
  linkDependencies(dir);
  addRelayTool(dir);
  setPermission(dir, "{ tool: { enabled: true } }");
  return dir;
}
