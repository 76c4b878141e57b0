import { describe, expect, it } from "vitest";
import {
  AGENT_BLOB_CHUNK_MAX_BYTES,
  AGENT_BLOB_MAX_BYTES,
  AGENT_STRATEGY_PARAMETER_TYPES,
  AgentInvokeMessageSchema,
  AgentModelConfigSchema,
  AgentStrategyDeclarationSchema,
  AgentStrategyParameterSchema,
  AgentStrategyProviderDeclarationSchema,
  AgentStrategyResponseChunkSchema,
  AgentToolsValueSchema,
  InvokeAgentStrategyRequestSchema,
  LOG_METADATA_KEYS,
  LogMetadataSchema,
} from "../src/agent/index.js";
import cotAgent from "./fixtures/agent-strategy-cot-agent.json" with { type: "json" };
import params from "./fixtures/invoke-agent-strategy-params.json" with { type: "json" };

function messages(result: { error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

const label = { en_US: "label", zh_Hans: "标签", pt_BR: "etiqueta" };

// The provider identity of the daemon's TestFullFunctionToolProvider_Validate (same Go struct for agents).
const providerIdentity = {
  author: "author",
  name: "name",
  description: { en_US: "description", zh_Hans: "描述", pt_BR: "descrição" },
  icon: "icon",
  label,
  tags: ["image", "videos"],
};

const strategy = {
  identity: { author: "author", name: "strategy", label },
  description: { en_US: "description" },
  parameters: [{ name: "query", type: "string", required: true, label }],
};

describe("invoke_agent_strategy request", () => {
  it("parses the daemon's integration payload (invoke_agent_strategy_json.json)", () => {
    const request = InvokeAgentStrategyRequestSchema.parse({
      type: "agent_strategy",
      action: "invoke_agent_strategy",
      user_id: "u",
      agent_strategy_provider: "agent",
      agent_strategy: "function_calling",
      agent_strategy_params: params,
    });
    expect(request.agent_strategy_params).toHaveProperty("query", "what time is it?");

    const model = AgentModelConfigSchema.parse(request.agent_strategy_params.model);
    expect(model).toMatchObject({
      provider: "langgenius/openai/openai",
      model: "gpt-3.5-turbo",
      model_type: "llm",
      mode: "chat",
      completion_params: {},
      history_prompt_messages: [],
      type: "model-selector",
    });
    expect(model.entity?.features).toEqual(["multi-tool-call", "agent-thought", "stream-tool-call"]);
    expect(model.entity?.model_properties).toEqual({ context_size: 16385, mode: "chat" });
    expect(model.entity?.parameter_rules.map((rule) => rule.name)).toContain("max_tokens");
    expect(model.entity?.pricing).toEqual({
      input: "0.0005",
      output: "0.0015",
      unit: "0.001",
      currency: "USD",
    });

    const [tool, ...others] = AgentToolsValueSchema.parse(request.agent_strategy_params.tools);
    expect(others).toEqual([]);
    expect(tool?.identity).toMatchObject({
      author: "Dify",
      name: "current_time",
      provider: "time",
      icon: null,
    });
    expect(tool?.parameters.map((parameter) => [parameter.name, parameter.type, parameter.form])).toEqual([
      ["format", "string", "form"],
      ["timezone", "select", "form"],
    ]);
    expect(tool?.parameters[1]?.options[0]).toMatchObject({ value: "UTC", label: { en_US: "UTC" } });
    expect(tool?.description?.llm).toBe("A tool for getting the current time.");
    expect(tool?.runtime_parameters).toEqual({ format: "%Y-%m-%d %H:%M:%S", timezone: "UTC" });
    expect(tool?.provider_type).toBe("builtin");
    expect(tool?.has_runtime_parameters).toBe(false);
    expect(tool?.credential_id).toBeUndefined();
  });

  it("reads null params as {} and requires provider and strategy", () => {
    const parsed = InvokeAgentStrategyRequestSchema.parse({
      agent_strategy_provider: "agent",
      agent_strategy: "ReAct",
      agent_strategy_params: null,
    });
    expect(parsed.agent_strategy_params).toEqual({});
    expect(messages(InvokeAgentStrategyRequestSchema.safeParse({ agent_strategy: "ReAct" }))).toEqual([
      "agent_strategy_provider is required",
    ]);
  });
});

describe("agent parameter values", () => {
  it("applies the Python SDK's defaults to a sparse model-selector value", () => {
    const model = AgentModelConfigSchema.parse({ provider: "p", model: "m", mode: "chat", entity: null });
    expect(model).toEqual({
      provider: "p",
      model: "m",
      model_type: "llm",
      mode: "chat",
      completion_params: {},
      history_prompt_messages: [],
      entity: null,
    });
    expect(messages(AgentModelConfigSchema.safeParse({ provider: "p", model: "m" }))).toEqual([
      "mode is required (chat or completion)",
    ]);
  });

  it("reads history prompt messages as Dify dumps them, null names included", () => {
    const model = AgentModelConfigSchema.parse({
      provider: "p",
      model: "m",
      mode: "chat",
      history_prompt_messages: [
        { role: "user", content: "hi", name: null },
        {
          role: "assistant",
          content: null,
          name: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "current_time", arguments: "{}" } }],
        },
        { role: "tool", content: "12:00", name: null, tool_call_id: "c1" },
      ],
    });
    expect(model.history_prompt_messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
    ]);
    expect(model.history_prompt_messages[1]).toMatchObject({ content: "", tool_calls: [{ id: "c1" }] });
  });

  it("keeps the credential of a tool and reads a null tools value as []", () => {
    const [tool] = AgentToolsValueSchema.parse([
      {
        identity: { author: "a", name: "search", label: { en_US: "Search" }, provider: "google" },
        parameters: null,
        credential_id: "cred-1",
        credential_type: "oauth2",
        provider_type: "builtin",
      },
    ]);
    expect(tool).toMatchObject({ credential_id: "cred-1", credential_type: "oauth2", parameters: [] });
    expect(AgentToolsValueSchema.parse(null)).toEqual([]);
    expect(AgentToolsValueSchema.safeParse([{ identity: { name: "x" } }]).success).toBe(false);
  });
  it("types a tool parameter's input_schema (the Python SDK's ToolParameter.input_schema)", () => {
    const [tool] = AgentToolsValueSchema.parse([
      {
        identity: { author: "a", name: "query", label: { en_US: "Query" }, provider: "mcp-1" },
        parameters: [
          {
            name: "filter",
            label: { en_US: "Filter" },
            type: "object",
            form: "llm",
            input_schema: { type: "object", properties: { tag: { type: "string" } } },
          },
        ],
        provider_type: "mcp",
      },
    ]);
    expect(tool?.parameters[0]?.input_schema).toEqual({
      type: "object",
      properties: { tag: { type: "string" } },
    });
    expect(
      AgentToolsValueSchema.safeParse([
        { ...tool, parameters: [{ ...tool?.parameters[0], input_schema: "x" }] },
      ]).success,
    ).toBe(false);
  });
});

describe("agent strategy provider declaration", () => {
  it("accepts the official cot_agent provider once its strategy files are expanded", () => {
    const { provider, files } = cotAgent;
    const expanded = {
      ...provider,
      strategies: provider.strategies.map((file) => files[file as keyof typeof files]),
    };
    const parsed = AgentStrategyProviderDeclarationSchema.parse(expanded);
    expect(parsed.strategies.map((item) => item.identity.name)).toEqual(["function_calling", "ReAct"]);
    expect(parsed.strategies[0]?.features).toEqual(["history-messages"]);
    const types = parsed.strategies[0]?.parameters?.map((parameter) => parameter.type);
    expect(types).toEqual([
      "model-selector",
      "any",
      "array[tools]",
      "string",
      "any",
      "string",
      "any",
      "number",
    ]);
  });

  it("refuses strategy file paths, which the daemon drops over remote debugging", () => {
    const result = AgentStrategyProviderDeclarationSchema.safeParse(cotAgent.provider);
    expect(result.success).toBe(false);
    expect(messages(result)[0]).toMatch(/inline declaration object/);
  });

  it("applies the tool provider identity rules (TestWithoutNameToolProvider, TestWrongIdentityTagsToolProvider)", () => {
    const { name: _name, ...withoutName } = providerIdentity;
    expect(
      AgentStrategyProviderDeclarationSchema.safeParse({ identity: withoutName, strategies: [] }).success,
    ).toBe(false);
    const wrongTags = { ...providerIdentity, tags: ["wrong", "videos"] };
    expect(
      AgentStrategyProviderDeclarationSchema.safeParse({ identity: wrongTags, strategies: [] }).success,
    ).toBe(false);
    const { description: _description, ...withoutDescription } = providerIdentity;
    expect(
      AgentStrategyProviderDeclarationSchema.safeParse({ identity: withoutDescription, strategies: [] })
        .success,
    ).toBe(false);
    expect(
      AgentStrategyProviderDeclarationSchema.safeParse({ identity: providerIdentity, strategies: [strategy] })
        .success,
    ).toBe(true);
  });

  it("checks strategy identity names like tool names (TestToolName_Validate)", () => {
    const named = (name: string) => ({ ...strategy, identity: { author: "author", name, label } });
    expect(AgentStrategyDeclarationSchema.safeParse(named("tool-name-123")).success).toBe(true);
    expect(messages(AgentStrategyDeclarationSchema.safeParse(named("tool name-123")))).toEqual([
      "name must match ^[a-zA-Z0-9_-]+$",
    ]);
  });

  it("requires the strategies list and a description", () => {
    expect(
      messages(AgentStrategyProviderDeclarationSchema.safeParse({ identity: providerIdentity })),
    ).toEqual(["strategies must be an array of strategy declarations"]);
    const { description: _d, ...noDescription } = strategy;
    expect(AgentStrategyDeclarationSchema.safeParse(noDescription).success).toBe(false);
  });

  it("limits features to strings under 256 characters", () => {
    expect(
      AgentStrategyDeclarationSchema.safeParse({ ...strategy, features: ["x".repeat(255)] }).success,
    ).toBe(true);
    expect(
      messages(AgentStrategyDeclarationSchema.safeParse({ ...strategy, features: ["x".repeat(256)] })),
    ).toEqual(["each feature must be shorter than 256 characters"]);
  });
});

describe("agent strategy parameter", () => {
  const parameter = (extra: Record<string, unknown>) => ({ name: "p", label, ...extra });

  it("accepts exactly the daemon's agent parameter types", () => {
    expect(AGENT_STRATEGY_PARAMETER_TYPES).toHaveLength(11);
    for (const type of AGENT_STRATEGY_PARAMETER_TYPES) {
      expect(AgentStrategyParameterSchema.safeParse(parameter({ type })).success).toBe(true);
    }
    for (const type of ["object", "array", "dynamic-select", "checkbox", "text-input", "tool-selector"]) {
      expect(messages(AgentStrategyParameterSchema.safeParse(parameter({ type })))[0]).toMatch(
        /^type must be one of/,
      );
    }
  });

  it("checks scope by type, trimming parts (TestParameterScope_Validate)", () => {
    const scoped = (type: string, scope: string) =>
      AgentStrategyParameterSchema.safeParse(parameter({ type, scope }));
    expect(scoped("model-selector", "llm& document&tool-call").success).toBe(true);
    expect(scoped("app-selector", "chat").success).toBe(true);
    expect(scoped("any", "array[file]").success).toBe(true);
    expect(messages(scoped("array[tools]", "all"))[0]).toMatch(/scope is only allowed on/);
    expect(messages(scoped("model-selector", "all"))[0]).toMatch(/all is not a model-selector scope/);
    expect(messages(scoped("model-selector", ""))).toEqual([
      "scope must not be empty (leave it out instead)",
    ]);
  });

  it("requires a basic default, a prompt_instruction auto_generate and non-empty option values", () => {
    expect(AgentStrategyParameterSchema.safeParse(parameter({ type: "number", default: 3 })).success).toBe(
      true,
    );
    expect(
      AgentStrategyParameterSchema.safeParse(parameter({ type: "string", default: ["a"] })).success,
    ).toBe(false);
    expect(
      AgentStrategyParameterSchema.safeParse(parameter({ type: "string", auto_generate: { type: "other" } }))
        .success,
    ).toBe(false);
    const options = [{ value: "", label }];
    expect(messages(AgentStrategyParameterSchema.safeParse(parameter({ type: "select", options })))).toEqual([
      "option value must not be empty",
    ]);
  });

  it("refuses wrong JSON types that would make the daemon drop the whole strategy", () => {
    expect(
      messages(AgentStrategyParameterSchema.safeParse(parameter({ type: "string", required: "yes" }))),
    ).toEqual(["required must be a boolean"]);
    expect(
      AgentStrategyParameterSchema.safeParse(parameter({ type: "number", precision: 1.5 })).success,
    ).toBe(false);
  });
});

describe("agent messages", () => {
  it("parses agent messages with the tool message union", () => {
    const log = AgentInvokeMessageSchema.parse({
      type: "log",
      message: {
        id: "1",
        label: "ROUND 1",
        parent_id: null,
        error: null,
        status: "start",
        data: {},
        metadata: { started_at: 12.5, provider: "langgenius/openai/openai" },
      },
      meta: null,
    });
    expect(log.type).toBe("log");
    const blob = AgentInvokeMessageSchema.parse({ type: "blob", message: { blob: "aGk=" }, meta: null });
    expect(blob.type === "blob" && Buffer.from(blob.message.blob).toString()).toBe("hi");
  });

  it("checks reply items as the daemon does: known type, object message and meta", () => {
    expect(
      AgentStrategyResponseChunkSchema.safeParse({ type: "text", message: { text: "hi" }, meta: null })
        .success,
    ).toBe(true);
    expect(
      AgentStrategyResponseChunkSchema.safeParse({ type: "binary_link", message: {}, meta: {} }).success,
    ).toBe(true);
    expect(
      messages(AgentStrategyResponseChunkSchema.safeParse({ type: "markdown", message: {} }))[0],
    ).toMatch(/^type must be one of text, json/);
    expect(messages(AgentStrategyResponseChunkSchema.safeParse({ type: "text", message: "hi" }))).toEqual([
      "message must be an object",
    ]);
    expect(
      messages(AgentStrategyResponseChunkSchema.safeParse({ type: "text", message: {}, data: {} })),
    ).toEqual(["unknown key(s) data: a message is { type, message, meta }"]);
  });

  it("exports the daemon's agent blob reassembly limits", () => {
    expect(AGENT_BLOB_CHUNK_MAX_BYTES).toBe(8192);
    expect(AGENT_BLOB_MAX_BYTES).toBe(15 * 1024 * 1024);
  });

  it("describes log metadata with the Python SDK's keys", () => {
    expect(LOG_METADATA_KEYS).toEqual([
      "started_at",
      "finished_at",
      "elapsed_time",
      "total_price",
      "total_tokens",
      "provider",
      "currency",
    ]);
    const metadata = LogMetadataSchema.parse({
      started_at: 1.5,
      finished_at: 2,
      elapsed_time: 0.5,
      total_price: "0.0012",
      currency: "USD",
      total_tokens: 42,
      provider: "time",
      extra: true,
    });
    expect(metadata).toHaveProperty("extra", true);
    expect(messages(LogMetadataSchema.safeParse({ total_tokens: 1.5 }))).toEqual([
      "total_tokens must be an integer",
    ]);
  });
});
