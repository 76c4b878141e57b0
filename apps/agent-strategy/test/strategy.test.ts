import {
  type AgentLogNode,
  createTestHarness,
  fault,
  invokeAgentStrategy,
  llmChunks,
  MockDify,
  perCall,
  toolMessages,
} from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { answer, askForWeather, params, ROUND_USAGE, scriptedDify, WEATHER_TOOL } from "../demo/script.js";
import { createAgentPlugin } from "../src/plugin.js";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
});

function run(dify: MockDify, overrides: Record<string, unknown> = {}, options: { strict?: boolean } = {}) {
  const harness = createTestHarness(createAgentPlugin(), { dify, ...options });
  open.push(harness);
  return invokeAgentStrategy(harness, {
    provider: "ts_agent",
    strategy: "function_calling",
    params: params(overrides),
  });
}

/** The log tree as `label status` lines, children indented. */
function tree(nodes: readonly AgentLogNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [
    `${"  ".repeat(depth)}${node.label} ${node.status}`,
    ...tree(node.children, depth + 1),
  ]);
}

describe("function_calling in process", () => {
  it("asks the model, runs the tool it called with the streamed arguments, and answers in round 2", async () => {
    const dify = scriptedDify();
    const result = await run(dify);
    expect(result.error).toBeNull();
    expect(result.text).toBe("Let me check. \nIt is sunny and 21 °C in Paris.");
    expect(tree(result.logs)).toEqual([
      "ROUND 1 success",
      "  gpt-4o-mini Thought success",
      "  CALL current_weather success",
      "ROUND 2 success",
      "  gpt-4o-mini Thought success",
    ]);

    const [round1, round2] = dify.callsOf("llm");
    expect(round1?.request).toMatchObject({
      provider: "langgenius/openai/openai",
      model: "gpt-4o-mini",
      mode: "chat",
      completion_params: { temperature: 0.2 },
      stop: ["Observation:"],
      stream: true,
      tools: [
        {
          name: "current_weather",
          description: "The current weather of a city",
          parameters: {
            type: "object",
            properties: { city: { type: "string", description: "The city to look up, e.g. Paris" } },
            required: ["city"],
          },
        },
      ],
    });
    expect(round1?.request.prompt_messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    const tool = dify.callsOf("tool")[0];
    expect(tool?.request).toMatchObject({
      tool_type: "builtin",
      provider: "acme/weather/weather",
      tool: "current_weather",
      tool_parameters: { unit: "c", city: "Paris" },
    });
    expect(round2?.request.prompt_messages.slice(-2)).toEqual([
      {
        role: "assistant",
        content: "Let me check. ",
        name: null,
        tool_calls: [
          {
            id: "call_weather_1",
            type: "function",
            function: { name: "current_weather", arguments: '{"city":"Paris"}' },
          },
        ],
        opaque_body: null,
      },
      {
        role: "tool",
        content: 'Paris: sunny, 21 °Ctool response: {"city":"Paris","report":"sunny, 21 °C","unit":"c"}.',
        name: "current_weather",
        tool_call_id: "call_weather_1",
      },
    ]);
    const thought = result.logs[0]?.children[0];
    expect(thought?.data).toEqual({
      output: "Let me check. ",
      tool_name: "current_weather",
      tool_input: [{ name: "current_weather", args: { city: "Paris" } }],
    });
    expect(thought?.metadata).toMatchObject({
      provider: "langgenius/openai/openai",
      total_tokens: 150,
      currency: "USD",
    });
    const last = result.messages.at(-1);
    expect(last?.type === "json" && last.message.json_object).toMatchObject({
      execution_metadata: { total_tokens: 300, prompt_tokens: 240, total_price: 0.000072, currency: "USD" },
    });
  });

  it("tells the model a tool failed, marks the call's log as error, and still answers", async () => {
    const dify = new MockDify();
    dify.llm(perCall(askForWeather(), answer("The weather service is down, sorry.")));
    dify.tool(
      "builtin",
      "acme/weather/weather",
      "current_weather",
      fault.error("weather service unavailable"),
    );
    const result = await run(dify);
    expect(result.error).toBeNull();
    expect(tree(result.logs)).toContain("  CALL current_weather error");
    expect(result.logs[0]?.children[1]?.error).toMatch(/weather service unavailable/);
    const toolAnswer = dify.callsOf("llm")[1]?.request.prompt_messages.at(-1);
    expect(toolAnswer).toMatchObject({ role: "tool", tool_call_id: "call_weather_1" });
    expect(String(toolAnswer?.content)).toMatch(/^tool invoke error: .*weather service unavailable/);
    expect(result.text).toContain("The weather service is down, sorry.");
  });

  it("fails the round and the session when the LLM errors mid-stream", async () => {
    const dify = new MockDify();
    dify.llm(async function* () {
      yield answer("Partial")[0]!;
      yield fault.error("model overloaded");
    });
    const result = await run(dify);
    expect(result.error?.message).toMatch(/model overloaded/);
    expect(tree(result.logs)).toEqual(["ROUND 1 error", "  gpt-4o-mini Thought error"]);
    expect(result.logs[0]?.children[0]?.data).toEqual({ output: "Partial" });
    expect(result.text).toBe("Partial");
  });

  it("stops at maximum_iterations: the last round's tool call is answered with the limit, not run", async () => {
    const dify = new MockDify();
    dify.llm(perCall(askForWeather("Paris", "c1"), askForWeather("Oslo", "c2")));
    const weather = dify.tool("builtin", "acme/weather/weather", "current_weather", [
      toolMessages.text("ok"),
    ]);
    const result = await run(dify, { maximum_iterations: "2" });
    expect(result.error).toBeNull();
    expect(dify.callsOf("llm")).toHaveLength(2);
    expect(weather.calls.map((call) => call.request.tool_parameters.city)).toEqual(["Paris"]);
    const limited = result.logs[1]?.children[1];
    expect(limited?.label).toBe("CALL current_weather");
    expect(limited?.data).toEqual({
      output: {
        tool_call_id: "c2",
        tool_response:
          "Maximum iteration limit (2) reached. Cannot call tool 'current_weather'. Please consider increasing the iteration limit.",
      },
    });
    // Round 2 is the last: its text streams although it calls a tool.
    expect(result.text).toBe("Let me check. \nLet me check. \n");
  });

  it("with a single round, answers with the tool's own response", async () => {
    const dify = new MockDify();
    dify.llm(askForWeather());
    dify.tool("builtin", "acme/weather/weather", "current_weather", [toolMessages.text("sunny")]);
    const result = await run(dify, { maximum_iterations: 1 });
    expect(result.text).toBe("Let me check. \nsunny");
  });

  it("answers the model about a tool it made up and refuses a missing query", async () => {
    const dify = new MockDify();
    dify.llm(perCall(llmChunks.toolCall("launch_rocket", {}, { id: "x" }), answer("No.")));
    const result = await run(dify);
    expect(result.logs[0]?.children[1]).toMatchObject({
      label: "CALL launch_rocket",
      status: "error",
      error: "there is not a tool named launch_rocket",
    });
    const missing = await run(new MockDify(), { query: undefined });
    expect(missing.error).toMatchObject({
      error_type: "AgentParameterError",
      message: "agent strategy `function_calling` parameter `query`: is required but was not given",
    });
  });

  it("passes each tool's credential and works with no tools at all", async () => {
    const dify = new MockDify();
    dify.llm(answer("Hello."));
    const result = await run(dify, { tools: null });
    expect(result.text).toBe("Hello.");
    expect(dify.callsOf("llm")[0]?.request.tools).toBeNull();
    const withCredential = scriptedDify();
    await run(withCredential, { tools: [{ ...WEATHER_TOOL, credential_id: "cred-9" }] });
    expect(withCredential.callsOf("tool")[0]?.request.credential_id).toBe("cred-9");
  });

  it("stops calling Dify when the session is aborted (the connection drops mid tool call)", async () => {
    const dify = new MockDify();
    const llm = dify.llm(perCall(askForWeather(), answer()));
    let toolStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      toolStarted = resolve;
    });
    dify.tool("builtin", "acme/weather/weather", "current_weather", async function* () {
      toolStarted();
      yield fault.hang();
    });
    const harness = createTestHarness(createAgentPlugin(), { dify, strict: false });
    open.push(harness);
    const pending = invokeAgentStrategy(harness, {
      provider: "ts_agent",
      strategy: "function_calling",
      params: params(),
    });
    await started;
    harness.dropConnection();
    const result = await pending;
    expect(result.error?.error_type).toBe("ConnectionClosedError");
    expect(llm.calls).toHaveLength(1);
  });
});

it("reports usage per round in the Thought logs", async () => {
  const result = await run(scriptedDify());
  const thoughts = result.logs.map((round) => round.children[0]?.metadata?.total_price);
  expect(thoughts).toEqual([Number(ROUND_USAGE.total_price), Number(ROUND_USAGE.total_price)]);
});
