import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type AgentModelConfig,
  AgentParameterError,
  type AgentParameters,
  type AgentParametersInput,
  type AgentTool,
  parseAgentParameters,
} from "../src/index.js";
import { daemonParams, MODEL, WEATHER_TOOL } from "./fixtures.js";

const definitions = {
  model: { type: "model-selector", scope: "tool-call&llm", required: true },
  tools: { type: "array[tools]" },
  instruction: { type: "string", required: true },
  query: { type: "string", required: true },
  maximum_iterations: { type: "number", default: 3, min: 1, max: 30 },
  style: { type: "select", options: [{ value: "short" }, { value: "long" }], default: "short" },
  verbose: { type: "boolean" },
  context: { type: "any", scope: "array[object]" },
} as const;

describe("parseAgentParameters", () => {
  it("decodes the daemon's own invoke_agent_strategy params into typed values", () => {
    const params = parseAgentParameters("function_calling", definitions, daemonParams());
    expect(params.model).toMatchObject({
      provider: "langgenius/openai/openai",
      model: "gpt-3.5-turbo",
      mode: "chat",
      history_prompt_messages: [],
    });
    expect(params.model.entity?.features).toContain("stream-tool-call");
    expect(params.tools.map((tool) => [tool.identity.provider, tool.identity.name])).toEqual([
      ["time", "current_time"],
    ]);
    expect(params.tools[0]?.provider_type).toBe("builtin");
    expect(params).toMatchObject({
      instruction: "you are a helpful assistant",
      query: "what time is it?",
      maximum_iterations: 3,
      style: "short",
    });
    expect("verbose" in params).toBe(false);
  });

  it("types every parameter by its definition", () => {
    type P = AgentParameters<typeof definitions>;
    expectTypeOf<P["model"]>().toEqualTypeOf<AgentModelConfig>();
    expectTypeOf<P["tools"]>().toEqualTypeOf<AgentTool[]>();
    expectTypeOf<P["maximum_iterations"]>().toEqualTypeOf<number>();
    expectTypeOf<P["style"]>().toEqualTypeOf<"short" | "long">();
    expectTypeOf<P["verbose"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<P["context"]>().toEqualTypeOf<unknown>();
  });

  it("types the wire params a test sends: required ones must be there, text is allowed where Dify sends it", () => {
    type In = AgentParametersInput<typeof definitions>;
    const input: In = {
      model: MODEL,
      tools: [WEATHER_TOOL],
      instruction: "i",
      query: "q",
      maximum_iterations: "4",
    };
    expectTypeOf<In["query"]>().toEqualTypeOf<string>();
    expectTypeOf<In["style"]>().toEqualTypeOf<"short" | "long" | null | undefined>();
    // @ts-expect-error `query` is required
    const missing: In = { model: MODEL, instruction: "i" };
    expect(parseAgentParameters("s", definitions, input).maximum_iterations).toBe(4);
    expect(() => parseAgentParameters("s", definitions, missing)).toThrow(AgentParameterError);
  });

  it("converts text the way Dify sends form values: numbers, booleans, JSON model configs", () => {
    const params = parseAgentParameters("s", definitions, {
      model: JSON.stringify(MODEL),
      tools: null,
      instruction: "be brief",
      query: "hi",
      maximum_iterations: "5",
      verbose: "true",
    });
    expect(params.maximum_iterations).toBe(5);
    expect(params.verbose).toBe(true);
    expect(params.tools).toEqual([]);
    expect(params.model.completion_params).toEqual({ temperature: 0.2 });
  });

  it("names the parameter, never the value, when one is wrong", () => {
    const base = { model: MODEL, tools: [WEATHER_TOOL], instruction: "i", query: "q" };
    const fail = (input: Record<string, unknown>) => {
      try {
        parseAgentParameters("function_calling", definitions, input);
      } catch (error) {
        return error as AgentParameterError;
      }
      throw new Error("expected a failure");
    };
    const missing = fail({ ...base, model: undefined });
    expect(missing).toBeInstanceOf(AgentParameterError);
    expect(missing.message).toBe(
      "agent strategy `function_calling` parameter `model`: is required but was not given",
    );
    expect(missing.code).toBe("DIFY_ERR_AGENT_PARAMETER_INVALID");
    expect(fail({ ...base, maximum_iterations: 99 }).message).toMatch(
      /`maximum_iterations`: must be at most 30/,
    );
    expect(fail({ ...base, style: "secret-style" }).message).not.toContain("secret-style");
    const badModel = fail({ ...base, model: { ...MODEL, provider: 42 } });
    expect(badModel.parameter).toBe("model");
    expect(badModel.message).toMatch(/is not a model-selector value at provider/);
    expect(fail({ ...base, tools: [{ identity: { name: "x" } }] }).message).toMatch(
      /array\[tools\] value at 0\.identity/,
    );
  });
});
