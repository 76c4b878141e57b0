import type { AgentStrategyParams } from "@x/agent";
import {
  createTestHarness,
  invokeAgentStrategy,
  llmChunks,
  MockDify,
  perCall,
  toolMessages,
} from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import plugin from "../src/plugin.js";
import type { oneRound } from "../src/strategies/one-round.js";

type Params = AgentStrategyParams<typeof oneRound>;

// What Dify's Agent node sends: the model the user picked and one tool with an LLM-filled parameter.
const model = { provider: "openai", model: "gpt-4o-mini", mode: "chat", completion_params: {} };
const weather = {
  identity: {
    author: "acme",
    name: "weather",
    label: { en_US: "Weather" },
    provider: "acme/weather/weather",
  },
  parameters: [
    {
      name: "city",
      label: { en_US: "City" },
      type: "string",
      form: "llm",
      required: true,
      llm_description: "The city",
    },
  ],
  description: { human: { en_US: "Weather now" }, llm: "The weather in a city" },
};

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

function run(dify: MockDify, params: Params) {
  const harness = createTestHarness(plugin, { dify });
  close = () => harness.close();
  return invokeAgentStrategy<Params>(harness, { provider: "__PROVIDER__", strategy: "one_round", params });
}

describe("one_round", () => {
  it("runs the tool the model chose, then answers with its result, logging each step", async () => {
    const dify = new MockDify();
    dify.llm(perCall(llmChunks.toolCall("weather", { city: "Paris" }), llmChunks.text("Sunny in Paris.")));
    dify.tool("builtin", "acme/weather/weather", "weather", [toolMessages.text("sunny, 21 °C")]);

    const result = await run(dify, { model, tools: [weather], query: "Weather in Paris?" });

    expect(result.error).toBeNull();
    expect(result.text).toBe("Sunny in Paris.");
    expect(result.logs.map((round) => [round.label, round.children.map((step) => step.label)])).toEqual([
      ["ROUND 1", ["CALL weather"]],
      ["ROUND 2", []],
    ]);
    expect(result.logs[0]?.children[0]?.data).toEqual({ output: "sunny, 21 °C" });
    expect(dify.callsOf("tool")[0]?.request).toMatchObject({
      tool: "weather",
      tool_parameters: { city: "Paris" },
    });
    // Round 2 sees the tool's answer and is offered no tools, so it has to answer.
    const second = dify.callsOf("llm")[1]?.request;
    expect(second?.prompt_messages.at(-1)).toMatchObject({ role: "tool", content: "sunny, 21 °C" });
    expect(second?.tools ?? []).toEqual([]);
  });

  it("answers at once when the model calls no tool, and reports the usage", async () => {
    const dify = new MockDify();
    dify.llm(llmChunks.text("Hello there."));

    const result = await run(dify, { model, tools: [], query: "Hi" });

    expect(result.text).toBe("Hello there.");
    expect(dify.callsOf("llm")).toHaveLength(1);
    expect(result.logs.map((round) => [round.label, round.status])).toEqual([["ROUND 1", "success"]]);
    expect(result.messages.at(-1)).toMatchObject({
      type: "json",
      message: { json_object: { execution_metadata: { total_tokens: 200 } } },
    });
  });
});
