import { readFileSync } from "node:fs";
import { validateRegistration } from "@x/core";
import { describe, expect, it } from "vitest";
import { createSupportTriagePlugin, manifest } from "../src/index.js";

type Declaration = {
  identity: { name: string; author: string; icon: string };
  credentials_schema: unknown[];
  tools: Array<{
    identity: { name: string };
    parameters: Array<{
      name: string;
      type: string;
      form: string;
      required: boolean;
      default?: unknown;
      options?: Array<{ value: string }>;
    }>;
  }>;
};

describe("support_triage plugin", () => {
  const plugin = createSupportTriagePlugin();

  it("has the identity, python runner and only the permissions its reverse calls and endpoints need", () => {
    expect(manifest).toMatchObject({
      author: "xsdk",
      name: "support_triage",
      version: "0.1.0",
      icon: "icon.svg",
    });
    expect(manifest.meta.runner.language).toBe("python");
    expect(manifest.resource.permission).toEqual({
      tool: { enabled: true },
      node: { enabled: true },
      app: { enabled: true },
      endpoint: { enabled: true },
    });
    expect(plugin.manifest).toBe(manifest);
  });

  it("sends the icon as an asset: the real SVG from _assets/", () => {
    const icon = plugin.assets().get("icon.svg");
    expect(icon).toBeDefined();
    const onDisk = readFileSync(new URL("../_assets/icon.svg", import.meta.url));
    expect(Buffer.from(icon ?? new Uint8Array()).equals(onDisk)).toBe(true);
    expect(onDisk.toString("utf8")).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it("passes every registration rule of the daemon", () => {
    const issues = validateRegistration({
      manifest: plugin.manifest,
      declarations: plugin.declarations(),
      assets: plugin.assets(),
    });
    expect(issues).toEqual([]);
  });

  it("declares one provider support_triage with the tools triage and relay and their parameters", () => {
    const providers = plugin.declarations().get("tool") as Declaration[];
    expect(providers).toHaveLength(1);
    const [provider] = providers;
    expect(provider?.identity).toMatchObject({ name: "support_triage", author: "xsdk", icon: "icon.svg" });
    expect(provider?.credentials_schema).toEqual([]);
    expect(provider?.tools.map((tool) => tool.identity.name)).toEqual(["triage", "relay"]);

    const parameters = (tool: number) =>
      provider?.tools[tool]?.parameters.map(({ name, type, form, required }) => ({
        name,
        type,
        form,
        required,
      }));
    expect(parameters(0)).toEqual([
      { name: "message", type: "string", form: "llm", required: true },
      { name: "model", type: "model-selector", form: "form", required: true },
      { name: "lookup_provider", type: "string", form: "form", required: false },
      { name: "lookup_tool", type: "string", form: "form", required: false },
    ]);
    expect(parameters(1)).toMatchObject([
      { name: "provider", type: "string", required: true },
      { name: "tool", type: "string", required: true },
      { name: "tool_type", type: "select", required: false },
      { name: "parameters", type: "string", required: false },
    ]);
    const relay = provider?.tools[1]?.parameters;
    expect(relay?.[2]?.options?.map((option) => option.value)).toEqual(["builtin", "workflow", "api", "mcp"]);
    expect(relay?.[2]?.default).toBe("builtin");
    expect(relay?.[3]?.default).toBe("{}");
  });
});
