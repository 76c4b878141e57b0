import {
  createTestHarness,
  invokeAgentStrategy,
  llmChunks,
  MockDify,
  perCall,
  toolMessages,
} from "@x/testing";
import { expect, it } from "vitest";
import { plugin } from "./one-round.js";

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
      llm_description: "City",
    },
  ],
  description: { human: { en_US: "Weather now" }, llm: "The weather in a city" },
};

it("calls the tool the model chose, then answers, with a log tree", async () => {
  const dify = new MockDify();
  dify.llm(perCall(llmChunks.toolCall("weather", { city: "Paris" }), llmChunks.text("Sunny in Paris.")));
  dify.tool("builtin", "acme/weather/weather", "weather", [toolMessages.text("sunny, 21 °C")]);
  const harness = createTestHarness(plugin, { dify });
  const result = await invokeAgentStrategy(harness, {
    provider: "mini_agent",
    strategy: "one_round",
    params: { model, tools: [weather], query: "Weather in Paris?" },
  });
  expect(result.text).toBe("Sunny in Paris.");
  expect(result.logs.map((round) => [round.label, round.children.map((step) => step.label)])).toEqual([
    ["ROUND 1", ["CALL weather"]],
    ["ROUND 2", []],
  ]);
  expect(dify.callsOf("llm")[1]?.request.prompt_messages.at(-1)).toMatchObject({
    role: "tool",
    content: "sunny, 21 °C",
  });
  await harness.close();
});
