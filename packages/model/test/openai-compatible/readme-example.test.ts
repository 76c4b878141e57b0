import { OpenAICompatibleClient } from "@x/model/openai-compatible";
import { startFakeOpenAI } from "@x/testing";
import { expect, it } from "vitest";

it("streams an answer with a tool call, then embeds, from any OpenAI-compatible server", async () => {
  const server = await startFakeOpenAI({
    chat: { content: "Checking.", toolCalls: [{ name: "weather", arguments: { city: "Oslo" } }] },
  });
  const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" }); // + dispatcher, headers
  const chunks = [];
  for await (const chunk of client.chat({
    model: "gpt-4o-mini",
    promptMessages: [{ role: "user", content: "Weather in Oslo?" }],
    tools: [{ name: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } }],
  })) {
    chunks.push(chunk); // Dify LLMResultChunks: text deltas, then tool calls, usage and finish_reason on the last
  }
  const last = chunks.at(-1);
  expect(last?.delta.message.tool_calls?.[0]?.function).toEqual({
    name: "weather",
    arguments: '{"city":"Oslo"}',
  });
  expect(last?.delta.usage?.total_tokens).toBeGreaterThan(0);
  const { embeddings, usage } = await client.embed({ model: "text-embedding-3-small", texts: ["a", "b"] });
  expect([embeddings.length, usage.tokens]).toEqual([2, 2]);
  await server.close();
});
