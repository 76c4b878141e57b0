import { Plugin, validateRegistration } from "@x/core";
import { AgentStrategyProviderDeclarationSchema } from "@x/protocol";
import { createTestHarness, invokeAgentStrategy, MockDify } from "@x/testing";
import { defineTool, defineToolProvider } from "@x/tool";
import { describe, expect, it } from "vitest";
import { defineAgentStrategy, defineAgentStrategyProvider, messages } from "../src/index.js";
import { MODEL } from "./fixtures.js";

const echo = defineAgentStrategy({
  identity: { name: "echo", label: "Echo" },
  description: "Repeats the query",
  features: ["history-messages"],
  parameters: {
    model: { type: "model-selector", scope: "tool-call&llm", required: true, label: "Model" },
    tools: { type: "array[tools]", label: "Tools" },
    query: { type: "string", required: true, help: "What to repeat" },
    times: { type: "number", default: 2, min: 1, max: 5 },
  },
  *invoke({ model, query, times, tools }) {
    yield messages.text(Array.from({ length: times }, () => query).join(" "));
    yield messages.json({ model: model.model, tools: tools.length });
    yield messages.variable("echoed", query);
  },
});

const identity = {
  author: "acme",
  name: "echoes",
  label: "Echoes",
  description: "Echo strategies",
  icon: "icon.svg",
  tags: ["agent"] as const,
};

describe("agent strategy provider declaration", () => {
  const provider = defineAgentStrategyProvider({ identity, strategies: [echo] });

  it("is what the daemon decodes, keys in the Go structs' order", () => {
    expect(AgentStrategyProviderDeclarationSchema.safeParse(provider.declaration).success).toBe(true);
    expect(provider.declaration.identity).toEqual({
      author: "acme",
      name: "echoes",
      label: { zh_Hans: "Echoes", pt_BR: "Echoes", ja_JP: "Echoes", en_US: "Echoes" },
      description: {
        zh_Hans: "Echo strategies",
        pt_BR: "Echo strategies",
        ja_JP: "Echo strategies",
        en_US: "Echo strategies",
      },
      icon: "icon.svg",
      tags: ["agent"],
    });
    const [strategy] = provider.declaration.strategies;
    expect(strategy?.identity).toMatchObject({ author: "acme", name: "echo" });
    expect(strategy?.features).toEqual(["history-messages"]);
    expect(strategy?.parameters?.map((p) => [p.name, p.type, p.required])).toEqual([
      ["model", "model-selector", true],
      ["tools", "array[tools]", false],
      ["query", "string", true],
      ["times", "number", false],
    ]);
    expect(Object.keys(strategy?.parameters?.[3] ?? {})).toEqual([
      "name",
      "label",
      "help",
      "type",
      "auto_generate",
      "template",
      "scope",
      "required",
      "default",
      "min",
      "max",
      "precision",
      "options",
    ]);
    expect(strategy?.parameters?.[3]).toMatchObject({ default: 2, min: 1, max: 5, help: null });
    expect(strategy?.parameters?.[2]?.help?.en_US).toBe("What to repeat");
  });

  it("refuses what the daemon would refuse, naming the field", () => {
    const bad =
      (strategies: unknown[], id: Record<string, unknown> = {}) =>
      () =>
        defineAgentStrategyProvider({ identity: { ...identity, ...id }, strategies } as never);
    expect(bad([echo], { name: "no spaces" })).toThrow(/identity\.name/);
    expect(bad([echo], { icon: "" })).toThrow(/identity\.icon/);
    expect(bad([echo, echo])).toThrow(/duplicate strategy name echo/);
    expect(bad([{ ...echo, kind: "tool" }])).toThrow(
      /strategies\[0\]: must be a strategy made with defineAgentStrategy/,
    );
    const scoped = defineAgentStrategy({
      identity: { name: "s" },
      description: "d",
      parameters: { q: { type: "string", scope: "llm" } as never },
      invoke() {},
    });
    expect(bad([scoped])).toThrow(/strategies\.0\.parameters\.0\.scope/);
    const select = defineAgentStrategy({
      identity: { name: "s" },
      description: "d",
      parameters: { mode: { type: "select", options: [{ value: "a" }], default: "b" } },
      invoke() {},
    });
    expect(bad([select])).toThrow(/default must be one of the options/);
  });

  it("is exclusive: a plugin that also declares a tool fails registration checks", () => {
    const tools = defineToolProvider({
      identity: { author: "acme", name: "t", label: "T", description: "T", icon: "icon.svg" },
      tools: [defineTool({ identity: { name: "noop" }, description: "No-op", invoke() {} })],
    });
    const plugin = new Plugin().register(provider).register(tools);
    const issues = validateRegistration({
      manifest: {},
      declarations: plugin.declarations(),
      assets: { "icon.svg": new Uint8Array([1]) },
    });
    expect(issues.map((issue) => issue.message)).toContain(
      "a plugin may combine only tool and endpoint declarations, found tool + agent_strategy; split it into several plugins",
    );
  });
});

describe("invoke_agent_strategy through the real runtime", () => {
  const plugin = new Plugin().register(defineAgentStrategyProvider({ identity, strategies: [echo] }));

  it("routes by provider and strategy, parses params and streams the messages", async () => {
    const harness = createTestHarness(plugin, { dify: new MockDify() });
    const result = await invokeAgentStrategy(harness, {
      provider: "echoes",
      strategy: "echo",
      params: { model: MODEL, tools: null, query: "hi", times: "3" },
    });
    expect(result.error).toBeNull();
    expect(result.text).toBe("hi hi hi");
    expect(result.items).toEqual([
      { type: "text", message: { text: "hi hi hi" }, meta: null },
      { type: "json", message: { json_object: { model: "gpt-4o-mini", tools: 0 } }, meta: null },
      {
        type: "variable",
        message: { variable_name: "echoed", variable_value: "hi", stream: false },
        meta: null,
      },
    ]);
    await harness.close();
  });

  it("answers unknown names and bad params with a session error naming them", async () => {
    const harness = createTestHarness(plugin, { dify: new MockDify() });
    const unknown = await invokeAgentStrategy(harness, { provider: "nope", strategy: "echo" });
    expect(unknown.error).toMatchObject({
      error_type: "AgentStrategyNotFoundError",
      message: "no agent strategy provider named `nope` is registered on this plugin",
    });
    const strategy = await invokeAgentStrategy(harness, { provider: "echoes", strategy: "nope" });
    expect(strategy.error?.message).toBe("agent strategy provider `echoes` has no strategy named `nope`");
    const params = await invokeAgentStrategy(harness, {
      provider: "echoes",
      strategy: "echo",
      params: { model: MODEL },
    });
    expect(params.error).toMatchObject({
      error_type: "AgentParameterError",
      message: "agent strategy `echo` parameter `query`: is required but was not given",
    });
    await harness.close();
  });

  it("sends blobs as 8192-byte blob_chunk pieces, which the daemon joins for agents", async () => {
    const bytes = new Uint8Array(10_000).map((_, i) => i % 251);
    const blobs = defineAgentStrategy({
      identity: { name: "blob" },
      description: "Sends a file",
      invoke: () => [messages.blob(bytes, { mime_type: "application/octet-stream" })],
    });
    const provider = defineAgentStrategyProvider({
      identity: { ...identity, name: "b" },
      strategies: [blobs],
    });
    const harness = createTestHarness(new Plugin().register(provider), { dify: new MockDify() });
    const result = await invokeAgentStrategy(harness, { provider: "b", strategy: "blob" });
    expect(result.items.map((item) => (item as { type: string }).type)).toEqual([
      "blob_chunk",
      "blob_chunk",
      "blob_chunk",
    ]);
    const [blob] = result.messages;
    expect(blob?.type === "blob" && Buffer.from(blob.message.blob).equals(Buffer.from(bytes))).toBe(true);
    await harness.close();
  });

  it("refuses a yielded value that is not an agent message", async () => {
    const wrong = defineAgentStrategy({
      identity: { name: "wrong" },
      description: "Yields text",
      *invoke() {
        yield "plain text" as never;
      },
    });
    const provider = defineAgentStrategyProvider({
      identity: { ...identity, name: "w" },
      strategies: [wrong],
    });
    const harness = createTestHarness(new Plugin().register(provider), { dify: new MockDify() });
    const result = await invokeAgentStrategy(harness, { provider: "w", strategy: "wrong" });
    expect(result.error?.message).toMatch(/yielded "plain text", which is not an agent message/);
    await harness.close();
  });
});
