import { definePluginManifest, RegistrationInvalidError, validateRegistration } from "@x/core";
import { parseRejection, registrationFrames } from "@x/core/internal";
import { ASSET_CHUNK_BYTES } from "@x/protocol";
import { describe, expect, it } from "vitest";
import { ICON, manifest, toolProvider } from "./support/remote-fixture.js";

const assets = { "icon.svg": ICON };

function issuesFor(overrides: { manifest?: unknown; tool?: unknown; declarations?: any; assets?: any }) {
  return validateRegistration({
    manifest: overrides.manifest ?? manifest(),
    declarations: overrides.declarations ?? { tool: [overrides.tool ?? toolProvider()] },
    assets: overrides.assets ?? assets,
  });
}

function paths(issues: ReadonlyArray<{ path: string }>): string[] {
  return issues.map((issue) => issue.path);
}

function withManifest(patch: (m: any) => void): unknown {
  const m = structuredClone(manifest()) as any;
  patch(m);
  return m;
}

function withTool(patch: (t: any) => void): unknown {
  const t = structuredClone(toolProvider());
  patch(t);
  return t;
}

describe("definePluginManifest", () => {
  it("fills the defaults the daemon requires, including the python runner", () => {
    const m = manifest();
    expect(m.type).toBe("plugin");
    expect(m.meta.runner.language).toBe("python");
    expect(m.meta.arch).toEqual(["amd64", "arm64"]);
    expect(m.resource.memory).toBeGreaterThan(0);
    expect(m.label).toEqual({ en_US: "Demo" });
  });

  it("throws RegistrationInvalidError naming each bad field", () => {
    let error: unknown;
    try {
      definePluginManifest({
        version: "1.0",
        author: "Acme",
        name: "demo",
        label: "",
        description: "d",
        icon: "icon.svg",
        created_at: "yesterday",
      });
    } catch (caught) {
      error = caught;
    }
    expect(RegistrationInvalidError.isInstance(error)).toBe(true);
    expect(paths((error as RegistrationInvalidError).issues)).toEqual(
      expect.arrayContaining([
        "manifest.version",
        "manifest.author",
        "manifest.label.en_US",
        "manifest.created_at",
      ]),
    );
  });

  it("accepts a Date for created_at", () => {
    const m = definePluginManifest({
      version: "0.1.0",
      author: "acme",
      name: "demo",
      label: "Demo",
      description: "d",
      icon: "icon.svg",
      created_at: new Date("2025-01-31T12:00:00Z"),
    });
    expect(m.created_at).toBe("2025-01-31T12:00:00.000Z");
  });
});

describe("validateRegistration", () => {
  it("accepts a valid tool plugin with its icon", () => {
    expect(issuesFor({})).toEqual([]);
  });

  const manifestCases: Array<[string, (m: any) => void]> = [
    ["manifest.version", (m) => (m.version = "1.2")],
    ["manifest.type", (m) => (m.type = "bundle")],
    ["manifest.author", (m) => (m.author = "ACME")],
    ["manifest.name", (m) => (m.name = "my plugin")],
    ["manifest.description.en_US", (m) => (m.description = { zh_Hans: "x" })],
    ["manifest.icon", (m) => (m.icon = "")],
    ["manifest.resource.memory", (m) => (m.resource.memory = 0)],
    [
      "manifest.resource.permission.storage.size",
      (m) => (m.resource.permission = { storage: { enabled: true, size: 10 } }),
    ],
    ["manifest.meta.version", (m) => (m.meta.version = "x")],
    ["manifest.meta.arch[0]", (m) => (m.meta.arch = ["x86"])],
    ["manifest.meta.runner.language", (m) => (m.meta.runner.language = "nodejs")],
    ["manifest.meta.runner.entrypoint", (m) => (m.meta.runner.entrypoint = "")],
    ["manifest.tags[0]", (m) => (m.tags = ["games"])],
    ["manifest.created_at", (m) => (m.created_at = "2025-01-31")],
    ["manifest.plugins.tools[0]", (m) => (m.plugins.tools = ["x".repeat(129)])],
  ];
  for (const [path, patch] of manifestCases) {
    it(`reports ${path}`, () => {
      expect(paths(issuesFor({ manifest: withManifest(patch) }))).toContain(path);
    });
  }

  it("explains that the runner language must be python", () => {
    const issues = issuesFor({ manifest: withManifest((m) => (m.meta.runner.language = "nodejs")) });
    expect(issues.find((issue) => issue.path === "manifest.meta.runner.language")?.message).toMatch(/python/);
  });

  const toolCases: Array<[string, (t: any) => void]> = [
    ["tool.identity.name", (t) => (t.identity.name = "my tool")],
    ["tool.identity.description.en_US", (t) => (t.identity.description = { en_US: "" })],
    ["tool.credentials_schema", (t) => delete t.credentials_schema],
    ["tool.tools[0].identity.name", (t) => (t.tools[0].identity.name = "a.b")],
    ["tool.tools[0].description.llm", (t) => (t.tools[0].description.llm = "")],
    ["tool.tools[0].parameters[0].label.en_US", (t) => (t.tools[0].parameters[0].label = { en_US: "" })],
    [
      "tool.tools[0].parameters[0].human_description.en_US",
      (t) => (t.tools[0].parameters[0].human_description = {}),
    ],
    ["tool.tools[0].parameters[0].type", (t) => (t.tools[0].parameters[0].type = "text")],
    ["tool.tools[0].parameters[0].form", (t) => (t.tools[0].parameters[0].form = "user")],
    ["tool.tools[0].parameters[0].scope", (t) => (t.tools[0].parameters[0].scope = "llm")],
    ["tool.tools[0].parameters[0].required", (t) => (t.tools[0].parameters[0].required = "yes")],
    ["tool.tools", (t) => delete t.tools],
  ];
  for (const [path, patch] of toolCases) {
    it(`reports ${path}`, () => {
      expect(paths(issuesFor({ tool: withTool(patch) }))).toContain(path);
    });
  }

  it("accepts credentials_for_provider instead of credentials_schema, and scope on a model-selector", () => {
    const tool = withTool((t) => {
      delete t.credentials_schema;
      t.credentials_for_provider = {
        api_key: { name: "api_key", type: "secret-input", label: { en_US: "API key" } },
      };
      t.tools[0].parameters[0].type = "model-selector";
      t.tools[0].parameters[0].scope = "llm";
    });
    expect(issuesFor({ tool })).toEqual([]);
  });

  it("requires every referenced icon among the assets", () => {
    const issues = issuesFor({ assets: {} });
    expect(paths(issues)).toEqual(expect.arrayContaining(["manifest.icon", "tool.identity.icon"]));
    expect(issues[0]!.message).toMatch(/icon\.svg/);
  });

  it("rejects an empty asset", () => {
    expect(paths(issuesFor({ assets: { "icon.svg": ICON, "empty.txt": new Uint8Array() } }))).toContain(
      "assets.empty.txt",
    );
  });

  it("allows tool + endpoint and nothing else together", () => {
    const endpoint = { settings: [], endpoints: [{ path: "/hook", method: "POST" }] };
    expect(issuesFor({ declarations: { tool: [toolProvider()], endpoint: [endpoint] } })).toEqual([]);
    const mixed = issuesFor({ declarations: { tool: [toolProvider()], model: [{ provider: "x" }] } });
    expect(mixed.find((issue) => issue.path === "declarations")?.message).toMatch(/only tool and endpoint/);
  });

  it("requires at least one declaration", () => {
    expect(paths(issuesFor({ declarations: {} }))).toContain("declarations");
  });

  it("warns that only the first declaration of a kind is used", () => {
    expect(paths(issuesFor({ declarations: { tool: [toolProvider(), toolProvider()] } }))).toContain("tool");
  });

  it("reads a Plugin's declarations map", () => {
    const declarations = new Map([["tool", [toolProvider()]]]) as any;
    expect(
      validateRegistration({ manifest: manifest(), declarations, assets: new Map(Object.entries(assets)) }),
    ).toEqual([]);
  });
});

describe("registrationFrames", () => {
  it("orders handshake, manifest, declarations, chunks of at most 8192 raw bytes, end", () => {
    const frames = [
      ...registrationFrames({
        key: "k",
        manifest: manifest(),
        declarations: { endpoint: [{ endpoints: [] }], tool: [toolProvider()] },
        assets: { "icon.svg": ICON, "b.txt": new Uint8Array([1, 2, 3]) },
      }),
    ];
    expect(frames.map((frame) => frame.type)).toEqual([
      "handshake",
      "manifest_declaration",
      "tool_declaration",
      "endpoint_declaration",
      "asset_chunk",
      "asset_chunk",
      "asset_chunk",
      "asset_chunk",
      "end",
    ]);
    const chunks = frames.filter((frame) => frame.type === "asset_chunk").map((frame) => frame.data as any);
    expect(chunks.map((chunk) => Buffer.from(chunk.data, "base64").length)).toEqual([
      ASSET_CHUNK_BYTES,
      ASSET_CHUNK_BYTES,
      20_000 - 2 * ASSET_CHUNK_BYTES,
      3,
    ]);
    expect(chunks.map((chunk) => chunk.end)).toEqual([false, false, true, true]);
  });
});

describe("parseRejection", () => {
  const cases: Array<[string, string]> = [
    ["handshake failed, invalid key", "invalid_key"],
    ["handshake failed, invalid handshake message", "invalid_handshake"],
    ["handshake failed, invalid plugin declaration: bad", "invalid_declaration"],
    ["agent strategies register failed, invalid agent strategies declaration: x", "invalid_declaration"],
    ["server is busy now, please try again later", "server_busy"],
    ["assets too large, at most 50MB", "assets_too_large"],
    ["assets decode failed, error: illegal base64", "assets_invalid"],
    ["assets remap failed, invalid assets data, cannot remap: file not found: a.svg", "assets_remap_failed"],
    ["no registration transferred, cannot initialize", "no_registration"],
    ["register failed, invalid manifest detected: x", "invalid_manifest"],
    ["tools declaration already registered", "already_registered"],
    ["something new", "unknown"],
  ];
  for (const [text, reason] of cases) {
    it(`classifies "${text}" as ${reason}`, () => {
      const error = parseRejection(`${text}\n`);
      expect(error.reason).toBe(reason);
      expect(error.daemonMessage).toBe(text);
      expect(error.retryable).toBe(reason === "server_busy");
    });
  }
});
