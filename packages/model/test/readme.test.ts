// The README's example, run as a test against @x/testing's default answers.
import { Plugin } from "@x/core";
import { modelExtension } from "@x/model";
import { createTestHarness, MockDify, useModelDefaults } from "@x/testing";
import { expect, it } from "vitest";
import { z } from "zod";

const llm = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" };
const Summary = z.object({ title: z.string(), tags: z.array(z.string()) });

const plugin = new Plugin().use(modelExtension).on("tool", "invoke_tool", async function* (session) {
  // Stream an answer chunk by chunk...
  const stream = session.model.llm.invoke(
    { ...llm, prompt_messages: [{ role: "user", content: "Say hello" }] },
    { timeout: 60_000, signal: session.signal },
  );
  for await (const chunk of stream) {
    yield { type: "text", message: { text: chunk.delta.message.content }, meta: null };
  }
  // ...or ask for a typed object.
  const summary = await session.model.llmStructuredOutput
    .invoke({
      ...llm,
      prompt_messages: [{ role: "user", content: "Tag this" }],
      structured_output_schema: Summary,
    })
    .object();
  yield { type: "json", message: { json_object: summary }, meta: null };
});

it("runs the README example", async () => {
  const harness = createTestHarness(plugin, { dify: useModelDefaults(new MockDify()) });
  const result = await harness.invokeTool({ provider: "demo", tool: "hello" });
  await harness.close();
  expect(result.error).toBeNull();
  expect(result.text).toBe("hello world world ! !");
  expect(result.calls.map((call) => call.type)).toEqual(["llm", "llm_structured_output"]);
});
