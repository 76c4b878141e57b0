import { DECLARATION_KINDS } from "@x/protocol";
import { defineTool, defineToolProvider } from "@x/tool";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PluginLoadError, packageLayout } from "../src/index.js";
import { KIND_WRITERS } from "../src/package/layout/writers.js";

const manifest = {
  version: "0.1.0",
  type: "plugin",
  author: "acme",
  name: "demo",
  label: { en_US: "Demo" },
  description: { en_US: "A demo" },
  icon: "icon.svg",
  resource: { memory: 268435456, permission: { tool: { enabled: true } } },
  plugins: { tools: [], models: [] },
  meta: {
    version: "0.0.1",
    arch: ["amd64"],
    runner: { language: "python", version: "3.12", entrypoint: "main" },
  },
  created_at: "2025-01-31T12:00:00Z",
};

const toolProvider = {
  identity: {
    author: "acme",
    name: "demo",
    label: { en_US: "Demo" },
    description: { en_US: "Demo tools" },
    icon: "icon.svg",
    tags: [],
  },
  credentials_schema: [],
  oauth_schema: null,
  tools: [
    {
      identity: { author: "acme", name: "greet", label: { en_US: "Greet" } },
      description: { human: { en_US: "Greets" }, llm: "Greets someone" },
      parameters: [
        {
          name: "name",
          label: { en_US: "Name" },
          human_description: { en_US: "Who" },
          type: "string",
          form: "llm",
          required: true,
        },
      ],
    },
    {
      identity: { author: "acme", name: "wave", label: { en_US: "Wave" } },
      description: { human: { en_US: "Waves" }, llm: "Waves" },
      parameters: [],
    },
  ],
};

describe("packageLayout", () => {
  it("writes manifest.yaml → provider YAML → one YAML per tool, as the daemon's decoder reads them", () => {
    const layout = packageLayout({
      manifest,
      declarations: new Map([["tool", [toolProvider]]]),
    });
    const files = Object.fromEntries(layout.files.map((f) => [f.path, parse(f.text)]));
    expect(Object.keys(files)).toEqual([
      "manifest.yaml",
      "tools/greet.yaml",
      "tools/wave.yaml",
      "provider/demo.yaml",
    ]);
    const written = files["manifest.yaml"];
    expect(written.plugins).toEqual({ tools: ["provider/demo.yaml"] });
    expect(written.meta.runner).toEqual({ language: "python", version: "3.12", entrypoint: "main" });
    expect(written.meta.arch).toEqual(["amd64"]);
    expect(written.created_at).toBe("2025-01-31T12:00:00Z");
    expect(written.resource).toEqual(manifest.resource);
    expect(files["provider/demo.yaml"].tools).toEqual(["tools/greet.yaml", "tools/wave.yaml"]);
    expect(files["provider/demo.yaml"].credentials_schema).toEqual([]);
    expect(files["provider/demo.yaml"].identity).toEqual(toolProvider.identity);
    expect(files["tools/greet.yaml"]).toEqual(toolProvider.tools[0]);
  });

  it("always sets the python runner and entrypoint main, whatever the TypeScript manifest says", () => {
    const layout = packageLayout({
      manifest: { ...manifest, meta: { version: "0.0.1", runner: { language: "node", entrypoint: "x" } } },
      declarations: new Map([["tool", [toolProvider]]]),
    });
    expect((layout.manifest.meta as Record<string, unknown>).runner).toEqual({
      language: "python",
      version: "3.12",
      entrypoint: "main",
    });
  });

  it("writes endpoint groups with one file per endpoint", () => {
    const layout = packageLayout({
      manifest,
      declarations: new Map([
        ["endpoint", [{ settings: [], endpoints: [{ path: "/hook/{id}", method: "POST", hidden: false }] }]],
      ]),
    });
    const files = Object.fromEntries(layout.files.map((f) => [f.path, parse(f.text)]));
    expect(files["manifest.yaml"].plugins).toEqual({ endpoints: ["group/demo.yaml"] });
    expect(files["group/demo.yaml"].endpoints).toEqual(["endpoints/1-post-hook_id.yaml"]);
    expect(files["endpoints/1-post-hook_id.yaml"]).toEqual({
      path: "/hook/{id}",
      method: "POST",
      hidden: false,
    });
  });

  it("writes tools and endpoints side by side, the one pair of kinds the daemon allows together", () => {
    const group = {
      settings: [
        { name: "model", type: "model-selector", scope: "llm", required: true, label: { en_US: "Model" } },
      ],
      endpoints: [
        { path: "/triage", method: "POST", hidden: false },
        { path: "/ask", method: "POST", hidden: false },
      ],
    };
    const layout = packageLayout({
      manifest,
      declarations: new Map<string, object[]>([
        ["tool", [toolProvider]],
        ["endpoint", [group]],
      ]),
    });
    const files = Object.fromEntries(layout.files.map((f) => [f.path, parse(f.text)]));
    expect(files["manifest.yaml"].plugins).toEqual({
      tools: ["provider/demo.yaml"],
      endpoints: ["group/demo.yaml"],
    });
    expect(files["group/demo.yaml"]).toEqual({
      settings: group.settings,
      endpoints: ["endpoints/1-post-triage.yaml", "endpoints/2-post-ask.yaml"],
    });
    expect(files["endpoints/2-post-ask.yaml"]).toEqual({ path: "/ask", method: "POST", hidden: false });
  });

  it("has a writer for every declaration kind the daemon knows", () => {
    expect([...KIND_WRITERS.keys()].sort()).toEqual([...DECLARATION_KINDS].sort());
  });

  it("refuses a kind it has no writer for, naming the manifest file", () => {
    expect(() => packageLayout({ manifest, declarations: new Map([["widget", [{}]]]) })).toThrow(
      PluginLoadError,
    );
    expect(() => packageLayout({ manifest, declarations: new Map([["widget", [{}]]]) })).toThrow(
      /src\/manifest\.ts: .*"widget"/,
    );
  });

  it("writes a tool provider's oauth_schema into its provider YAML and a dynamic-select into its tool YAML", () => {
    const pick = defineTool({
      identity: { name: "pick" },
      description: "Picks a project",
      parameters: { project: { type: "dynamic-select", required: true, options: () => [] } },
      invoke: () => undefined,
    });
    const provider = defineToolProvider({
      identity: { author: "acme", name: "acme_tasks", label: "Acme", description: "Acme", icon: "icon.svg" },
      oauth: {
        clientSchema: { client_id: { type: "text-input", required: true } },
        credentialsSchema: { access_token: { type: "secret-input", required: true } },
        authorizationUrl: () => "https://auth.example",
        credentials: () => ({ credentials: { access_token: "t" } }),
        refresh: () => ({ credentials: { access_token: "t" } }),
      },
      tools: [pick],
    });
    const layout = packageLayout({ manifest, declarations: new Map([["tool", [provider.declaration]]]) });
    const files = Object.fromEntries(layout.files.map((f) => [f.path, parse(f.text)]));
    const written = files["provider/acme_tasks.yaml"];
    expect(written.oauth_schema).toEqual(JSON.parse(JSON.stringify(provider.declaration.oauth_schema)));
    expect(written.oauth_schema.client_schema.map((field: { name: string }) => field.name)).toEqual([
      "client_id",
    ]);
    expect(written.oauth_schema.credentials_schema[0]).toMatchObject({
      name: "access_token",
      type: "secret-input",
    });
    expect(files["tools/pick.yaml"].parameters[0]).toMatchObject({ type: "dynamic-select", options: [] });
  });
});
