import { Plugin } from "@x/core";
import { createTestHarness, llmChunks, MockDify, perCall, toolMessages } from "@x/testing";
import { expect, it } from "vitest";

type ToolCall = { id: string; function: { name: string; arguments: string } };
type Chunk = { delta: { message: { content?: string; tool_calls?: ToolCall[] } } };
const gpt = { provider: "openai", model: "gpt-4o-mini", model_type: "llm", mode: "chat" };
const tools = [{ name: "current", description: "Weather now", parameters: { type: "object" } }];

// The tool under test lets the LLM call the `weather/current` tool until it answers.
const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
  const prompt_messages: object[] = [{ role: "user", content: "Weather in Paris?" }];
  for (;;) {
    const chunks = await session.invoke<Chunk>("llm", { ...gpt, prompt_messages, tools }).toArray();
    const calls = chunks.flatMap((chunk) => chunk.delta.message.tool_calls ?? []);
    const text = chunks.map((chunk) => chunk.delta.message.content ?? "").join("");
    if (calls.length === 0) return { type: "text", message: { text }, meta: null };
    prompt_messages.push({ role: "assistant", content: text, tool_calls: calls });
    for (const call of calls) {
      const tool_parameters = JSON.parse(call.function.arguments);
      const tool = { tool_type: "builtin", provider: "weather", tool: call.function.name, tool_parameters };
      const [hit] = await session.invoke<{ message: { text: string } }>("tool", tool).toArray();
      prompt_messages.push({ role: "tool", content: hit?.message.text ?? "", tool_call_id: call.id });
    }
  }
});

it("answers with the weather the tool found", async () => {
  const dify = new MockDify();
  const round1 = llmChunks.toolCall("current", { city: "Paris" }); // the model asks for the tool,
  const round2 = llmChunks.text("Sunny in Paris."); // then answers
  const llm = dify.llm(perCall(round1, round2));
  const weather = dify.tool("builtin", "weather", "current", [toolMessages.text("sunny, 21 °C")]);
  const harness = createTestHarness(plugin, { dify });
  const result = await harness.invokeTool({ provider: "agent", tool: "ask" });
  expect(result.text).toBe("Sunny in Paris.");
  expect(weather.calls[0]?.request.tool_parameters).toEqual({ city: "Paris" }); // typed: ToolInvokeRequest
  expect(llm.calls[1]?.request.prompt_messages.at(-1)).toEqual({
    role: "tool",
    content: "sunny, 21 °C",
    tool_call_id: "call_1",
  });
  await harness.close();
});
