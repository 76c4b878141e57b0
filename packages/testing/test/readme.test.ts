import { Plugin } from "@x/core";
import { createTestHarness, MockDify, toolMessages } from "@x/testing";
import { expect, it } from "vitest";

type Hit = { message: { text: string } };
type Label = { outputs: { class_name: string } };
const model = { provider: "openai", model: "gpt-4o-mini", mode: "chat", completion_params: {} };
const classes = ["news", "other"].map((name, i) => ({ id: String(i + 1), name }));

// The tool under test: searches with another tool, then lets Dify's Question Classifier label the query.
const plugin = new Plugin().on("tool", "invoke_tool", async (session, data) => {
  const { query } = (data as unknown as { tool_parameters: { query: string } }).tool_parameters;
  const search = { tool_type: "builtin", provider: "google", tool: "search", tool_parameters: { query } };
  const [hit] = await session.invoke<Hit>("tool", search).toArray();
  const label = await session.invoke<Label>("node_question_classifier", { classes, model, query }).first();
  const text = `${label?.outputs.class_name}: ${hit?.message.text}`;
  return { type: "text", message: { text }, meta: null };
});

it("labels the top search hit", async () => {
  const dify = new MockDify();
  const search = dify.tool("builtin", "google", "search", [toolMessages.text("Rain in Paris")]);
  dify.questionClassifier(); // default answer, like the daemon's mock: the first class wins
  const harness = createTestHarness(plugin, { dify });
  const result = await harness.invokeTool({ provider: "news", tool: "digest", parameters: { query: "q" } });
  expect(result.text).toBe("news: Rain in Paris");
  expect(search.calls[0]?.request.tool_parameters).toEqual({ query: "q" });
});
