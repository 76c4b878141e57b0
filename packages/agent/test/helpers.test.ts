import { emptyUsage, type LLMUsage } from "@x/protocol";
import { createSessionHarness, fault, MockDify, toolMessages } from "@x/testing";
import { toolExtension } from "@x/tool";
import { describe, expect, it } from "vitest";
import {
  type AgentTool,
  addDecimal,
  callAgentTool,
  formatToolResponse,
  parseAgentParameters,
  ToolCallAccumulator,
  ToolCallArgumentsError,
  toPromptTools,
  UsageTracker,
} from "../src/index.js";
import { daemonParams, WEATHER_TOOL } from "./fixtures.js";

const tools = (value: unknown): AgentTool[] =>
  parseAgentParameters("s", { tools: { type: "array[tools]" } }, { tools: value }).tools;

describe("toPromptTools", () => {
  it("offers the model only its own (form: llm) parameters, with enum and required", () => {
    const select = {
      name: "level",
      label: { en_US: "Level" },
      type: "select",
      form: "llm",
      llm_description: "How much",
      required: true,
      options: [
        { value: "low", label: { en_US: "Low" } },
        { value: 2, label: { en_US: "Two" } },
      ],
    };
    const file = { name: "doc", label: { en_US: "Doc" }, type: "file", form: "llm", required: true };
    const [weather] = toPromptTools(
      tools([{ ...WEATHER_TOOL, parameters: [...WEATHER_TOOL.parameters, select, file] }]),
    );
    expect(weather).toEqual({
      name: "current_weather",
      description: "Current weather of a city",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string", description: "City to look up" },
          level: { type: "string", description: "How much", enum: ["low", "2"] },
        },
        required: ["city", "level"],
      },
    });
  });

  it("turns the daemon's testdata tool (form parameters only) into an empty object schema", () => {
    const [time] = toPromptTools(tools(daemonParams().tools));
    expect(time).toMatchObject({
      name: "current_time",
      parameters: { type: "object", properties: {}, required: [] },
    });
  });

  it("uses a parameter's input_schema as is", () => {
    const parameter = {
      name: "filter",
      label: { en_US: "Filter" },
      type: "object",
      form: "llm",
      input_schema: { type: "object", properties: { tag: { type: "string" } } },
    };
    const [tool] = toPromptTools(tools([{ ...WEATHER_TOOL, parameters: [parameter] }]));
    expect(tool?.parameters.properties.filter).toEqual(parameter.input_schema);
  });
});

describe("ToolCallAccumulator", () => {
  it("joins streamed argument pieces (an id first, then pieces without one)", () => {
    const calls = new ToolCallAccumulator();
    calls.add([{ id: "call_a", type: "function", function: { name: "current_weather", arguments: "" } }]);
    calls.add([{ id: "", type: "function", function: { name: "", arguments: '{"city":' } }]);
    calls.add([{ id: "", type: "function", function: { name: "", arguments: '"Paris"}' } }]);
    calls.add([{ id: "call_b", type: "function", function: { name: "clock", arguments: "" } }]);
    expect(calls.calls()).toEqual([
      {
        id: "call_a",
        name: "current_weather",
        arguments: { city: "Paris" },
        argumentsText: '{"city":"Paris"}',
      },
      { id: "call_b", name: "clock", arguments: {}, argumentsText: "" },
    ]);
    expect(calls.toolCalls()[0]).toEqual({
      id: "call_a",
      type: "function",
      function: { name: "current_weather", arguments: '{"city":"Paris"}' },
    });
  });

  it("takes whole calls from a chunk and merges a repeated id", () => {
    const calls = new ToolCallAccumulator();
    const chunk = (id: string, args: string) => ({
      model: "m",
      prompt_messages: [],
      system_fingerprint: null,
      delta: {
        index: 0,
        message: {
          role: "assistant" as const,
          content: "",
          tool_calls: [{ id, type: "function", function: { name: "f", arguments: args } }],
        },
        usage: null,
        finish_reason: null,
      },
    });
    calls.add(chunk("1", '{"a":'));
    calls.add(chunk("1", "1}"));
    calls.add(chunk("2", '{"b":2}'));
    expect(calls.calls().map((call) => call.arguments)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("refuses arguments that are not a JSON object, without quoting them", () => {
    const calls = new ToolCallAccumulator();
    calls.add([{ id: "c", type: "function", function: { name: "f", arguments: '{"secret": "tok' } }]);
    const error = (() => {
      try {
        calls.calls();
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ToolCallArgumentsError);
    expect(error?.message).not.toContain("secret");
    expect(error?.message).toMatch(/`f` \(c\).*15 characters of invalid JSON.*raise max_tokens/);
  });
});

describe("UsageTracker", () => {
  const usage = (tokens: number, price: string): LLMUsage => ({
    ...emptyUsage(),
    prompt_tokens: tokens,
    total_tokens: tokens,
    prompt_price: price,
    total_price: price,
    prompt_unit_price: "0.001",
    latency: 0.5,
  });

  it("sums tokens and exact prices across rounds", () => {
    const tracker = new UsageTracker();
    expect(tracker.executionMetadata()).toMatchObject({ total_tokens: 0, currency: "" });
    tracker.add(usage(10, "0.1"));
    tracker.add(null);
    tracker.add(usage(5, "0.2"));
    expect(tracker.calls).toBe(2);
    expect(tracker.total).toMatchObject({
      total_tokens: 15,
      total_price: "0.3",
      prompt_unit_price: "0.001",
      latency: 1,
    });
    expect(tracker.executionMetadata()).toMatchObject({
      total_price: 0.3,
      currency: "USD",
      prompt_tokens: 15,
    });
  });

  it("adds decimal text exactly", () => {
    expect(addDecimal("0.0010330", "0.0000001")).toBe("0.0010331");
    expect(addDecimal("0.1", "-0.25")).toBe("-0.15");
    expect(addDecimal("1e-7", "1")).toBe("1.0000001");
  });
});

describe("formatToolResponse", () => {
  it("writes what Dify's function-calling strategy tells the model, and forwards files", () => {
    const image = { type: "image_link" as const, message: { text: "https://x/cat.png" }, meta: null };
    const blob = {
      type: "blob" as const,
      message: { blob: new Uint8Array([1]) },
      meta: { mime_type: "image/png" },
    };
    const fileLink = {
      type: "link" as const,
      message: { text: "https://x/f" },
      meta: { tool_file_id: "tf" },
    };
    const { content, forward } = formatToolResponse([
      { type: "text", message: { text: "21 °C. " }, meta: null },
      { type: "json", message: { json_object: { temp: 21 } }, meta: null },
      { type: "variable", message: { variable_name: "v", variable_value: 1, stream: false }, meta: null },
      { type: "link", message: { text: "https://x/page" }, meta: null },
      image,
      blob,
      fileLink,
    ]);
    expect(content).toBe(
      "21 °C. " +
        'tool response: {"temp":21}.' +
        "result link: https://x/page. please tell user to check it." +
        "image has been created and sent to user already, you do not need to create it, just tell the user to check it now." +
        "Generated file ... " +
        "result link: https://x/f. please tell user to check it.",
    );
    expect(forward).toEqual([image, blob, fileLink]);
  });

  it("keeps workflow tools' JSON out of the model's view", () => {
    const json = { type: "json" as const, message: { json_object: { a: 1 } }, meta: null };
    expect(formatToolResponse([json], { providerType: "workflow" }).content).toBe("");
  });
});

describe("callAgentTool", () => {
  const [weather] = tools([{ ...WEATHER_TOOL, credential_id: "cred-7" }]) as [AgentTool];
  const call = { id: "call_1", name: "current_weather", arguments: { city: "Paris" }, argumentsText: "" };

  it("calls the tool with its runtime parameters and credential, and answers the call", async () => {
    const dify = new MockDify();
    const mock = dify.tool("builtin", "acme/weather/weather", "current_weather", [
      toolMessages.text("sunny"),
    ]);
    const harness = createSessionHarness({ dify, extensions: [toolExtension] });
    const result = await harness.run((session) => callAgentTool(session, { tools: [weather], call }));
    expect(mock.calls[0]?.request).toMatchObject({
      tool_type: "builtin",
      provider: "acme/weather/weather",
      tool: "current_weather",
      tool_parameters: { unit: "c", city: "Paris" },
      credential_id: "cred-7",
    });
    expect(result).toMatchObject({ content: "sunny", error: null, input: { unit: "c", city: "Paris" } });
    expect(result.promptMessage).toEqual({
      role: "tool",
      content: "sunny",
      tool_call_id: "call_1",
      name: "current_weather",
    });
    await harness.close();
  });

  it("tells the model about a failed or unknown tool instead of throwing", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "acme/weather/weather", "current_weather", fault.error("quota exceeded"));
    const harness = createSessionHarness({ dify, extensions: [toolExtension] });
    const failed = await harness.run((session) => callAgentTool(session, { tools: [weather], call }));
    expect(failed.error).toMatch(/quota exceeded/);
    expect(failed.content).toMatch(/^tool invoke error: .*quota exceeded/);
    const unknown = await harness.run((session) =>
      callAgentTool(session, { tools: [weather], call: { ...call, name: "launch" } }),
    );
    expect(unknown).toMatchObject({
      content: "there is not a tool named launch",
      provider: "",
      error: "there is not a tool named launch",
    });
    await harness.close();
  });

  it("throws when aborted", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "acme/weather/weather", "current_weather", fault.hang());
    const harness = createSessionHarness({ dify, extensions: [toolExtension] });
    const controller = new AbortController();
    const pending = harness.run((session) =>
      callAgentTool(session, { tools: [weather], call, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(new Error("user stopped")), 20);
    await expect(pending).rejects.toMatchObject({ code: "DIFY_ERR_ABORTED" });
    await harness.close();
  });
});
