import { Plugin } from "@x/core";
import { openAICompatibleProvider } from "@x/model/openai-compatible";
import { LLMResultChunkReplySchema } from "@x/protocol";
import { createTestHarness, startFakeOpenAI } from "@x/testing";
import { expect, it } from "vitest";

const gateway = openAICompatibleProvider({
  provider: { name: "gateway", label: "My gateway" }, // users enter api_base and api_key in Dify
  models: {
    llm: [
      {
        model: "gpt-4o-mini",
        features: ["tool-call", "stream-tool-call"],
        model_properties: { mode: "chat" },
      },
    ],
    "text-embedding": [{ model: "text-embedding-3-small" }],
  },
});
const plugin = new Plugin().register(gateway);

it("answers Dify's model actions from an OpenAI-compatible server", async () => {
  const server = await startFakeOpenAI({ chat: { content: ["Hello", "!"] } });
  const harness = createTestHarness(plugin);
  const credentials = { api_base: server.url, api_key: "sk-test" };
  const result = await harness.request("model", "invoke_llm", {
    ...{ provider: "gateway", model: "gpt-4o-mini", model_type: "llm", credentials, stream: true },
    prompt_messages: [{ role: "user", content: "Hi" }],
  });
  const chunks = result.items.map((item) => LLMResultChunkReplySchema.parse(item)); // what the daemon validates
  expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe("Hello!");
  const check = await harness.request("model", "validate_provider_credentials", {
    provider: "gateway",
    credentials,
  });
  expect(check.items).toEqual([{ result: true, credentials }]);
  await harness.close();
  await server.close();
});
