import { validateRegistration } from "@x/core";
import { ModelDeclarationSchema, ModelProviderDeclarationSchema } from "@x/protocol";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PluginLoadError, packageLayout } from "../src/index.js";

const manifest = {
  version: "0.1.0",
  type: "plugin",
  author: "acme",
  name: "acme-models",
  label: { en_US: "Acme models" },
  description: { en_US: "Acme's models" },
  icon: "icon.svg",
  resource: { memory: 268435456, permission: {} },
  plugins: {},
  meta: {
    version: "0.0.1",
    arch: ["amd64"],
    runner: { language: "python", version: "3.12", entrypoint: "main" },
  },
  created_at: "2025-01-31T12:00:00Z",
};

const llm = (model: string) => ({
  model,
  label: { en_US: model },
  model_type: "llm",
  features: ["tool-call"],
  model_properties: { mode: "chat", context_size: 4096 },
  parameter_rules: [{ name: "temperature", use_template: "temperature" }],
  pricing: { input: "0.001", output: "0.002", unit: "0.001", currency: "USD" },
});

/** A declaration as `defineModelProvider` builds it. */
const provider = {
  provider: "acme",
  label: { en_US: "Acme" },
  icon_small: { en_US: "icon.svg" },
  supported_model_types: ["llm", "text-embedding"],
  configurate_methods: ["predefined-model", "customizable-model"],
  provider_credential_schema: {
    credential_form_schemas: [
      {
        variable: "api_key",
        label: { en_US: "API key" },
        type: "secret-input",
        required: true,
        options: [],
        show_on: [],
      },
    ],
  },
  model_credential_schema: {
    model: { label: { en_US: "Model name" } },
    credential_form_schemas: [],
  },
  position: { llm: ["acme-pro-1.5", "acme-mini"], text_embedding: ["acme-embed"] },
  models: [
    llm("acme-mini"),
    llm("acme-pro-1.5"),
    {
      model: "acme-embed",
      label: { en_US: "acme-embed" },
      model_type: "text-embedding",
      model_properties: { context_size: 512 },
    },
  ],
};

/** Reads a package back the way the daemon's decoder does (`pkg/plugin_packager/decoder/helper.go`). */
function decode(files: ReadonlyArray<{ path: string; text: string }>) {
  const byPath = new Map(files.map((file) => [file.path, file.text]));
  const read = (path: string) => {
    const text = byPath.get(path);
    if (text === undefined) throw new Error(`the package has no ${path}`);
    return parse(text);
  };
  const written = read("manifest.yaml");
  const [providerFile] = written.plugins.models as string[];
  const declared = read(providerFile as string);
  const mapping = (declared.models ?? {}) as Record<string, { predefined: string[]; position: string }>;
  const position: Record<string, string[]> = {};
  const models: unknown[] = [];
  for (const [folder, entry] of Object.entries(mapping)) {
    position[folder] = read(entry.position);
    for (const pattern of entry.predefined) {
      const glob = new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace("*", "[^/]*")}$`);
      for (const path of byPath.keys()) {
        if (glob.test(path) && !path.endsWith("_position.yaml")) models.push(read(path));
      }
    }
  }
  return { manifest: written, provider: { ...declared, position, models } };
}

describe("model package layout", () => {
  it("writes provider/<name>.yaml, models/<type>/<model>.yaml and _position.yaml, which decode to the declaration", () => {
    const layout = packageLayout({ manifest, declarations: new Map([["model", [provider]]]) });
    const paths = layout.files.map((file) => file.path).sort();
    expect(paths).toEqual([
      "manifest.yaml",
      "models/llm/_position.yaml",
      "models/llm/acme-mini.yaml",
      "models/llm/acme-pro-1_5.yaml",
      "models/text_embedding/_position.yaml",
      "models/text_embedding/acme-embed.yaml",
      "provider/acme.yaml",
    ]);
    const { manifest: written, provider: decoded } = decode(layout.files);
    expect(written.plugins).toEqual({ models: ["provider/acme.yaml"] });
    expect(decoded.position).toEqual(provider.position);
    expect(ModelProviderDeclarationSchema.parse(decoded)).toEqual(
      ModelProviderDeclarationSchema.parse(provider),
    );
    for (const model of decoded.models) expect(ModelDeclarationSchema.safeParse(model).success).toBe(true);
  });

  it("names the types and their position files in the provider YAML like the official plugins", () => {
    const layout = packageLayout({ manifest, declarations: new Map([["model", [provider]]]) });
    const yaml = parse(layout.files.find((file) => file.path === "provider/acme.yaml")?.text ?? "");
    expect(yaml.models).toEqual({
      llm: { predefined: ["models/llm/*.yaml"], position: "models/llm/_position.yaml" },
      text_embedding: {
        predefined: ["models/text_embedding/*.yaml"],
        position: "models/text_embedding/_position.yaml",
      },
    });
    expect(yaml.position).toBeUndefined();
  });

  it("leaves out the models mapping of a provider with only customizable models", () => {
    const custom = {
      ...provider,
      configurate_methods: ["customizable-model"],
      position: undefined,
      models: [],
    };
    const layout = packageLayout({ manifest, declarations: new Map([["model", [custom]]]) });
    expect(layout.files.map((file) => file.path).sort()).toEqual(["manifest.yaml", "provider/acme.yaml"]);
    expect(parse(layout.files[1]?.text ?? "").models).toBeUndefined();
  });

  it("refuses a model type the daemon's package decoder cannot read", () => {
    const odd = { ...provider, models: [{ ...llm("x"), model_type: "multimodal-embedding" }] };
    expect(() => packageLayout({ manifest, declarations: new Map([["model", [odd]]]) })).toThrow(
      PluginLoadError,
    );
  });

  it("refuses a model plugin that also declares a tool provider (a model plugin is exclusive, §1.3.2)", () => {
    const tool = {
      identity: {
        author: "acme",
        name: "t",
        label: { en_US: "T" },
        description: { en_US: "T" },
        icon: "icon.svg",
        tags: [],
      },
      credentials_schema: [],
      tools: [],
    };
    const issues = validateRegistration({
      manifest: { ...manifest, resource: { memory: 268435456, permission: {} } },
      declarations: { model: [provider], tool: [tool] },
      assets: { "icon.svg": new Uint8Array([1]) },
    });
    expect(issues).toContainEqual({
      path: "declarations",
      message:
        "a plugin may combine only tool and endpoint declarations, found tool + model; split it into several plugins",
    });
    expect(
      validateRegistration({
        manifest,
        declarations: { model: [provider] },
        assets: { "icon.svg": new Uint8Array([1]) },
      }).map((issue) => issue.message),
    ).toEqual([]);
  });
});
