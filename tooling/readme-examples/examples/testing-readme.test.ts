import { Plugin } from "@x/core";
import { workflowNodeExtension } from "@x/node";
import { createTestHarness, MockDify, toolMessages } from "@x/testing";
import { defineTool, defineToolProvider, messages, toolExtension } from "@x/tool";
import { expect, it } from "vitest";

const digest = defineTool({
  uses: [toolExtension, workflowNodeExtension], // what `session` calls back into, typed and installed
  identity: { name: "digest", label: "Digest" }, // searches with another tool, then classifies the query
  description: { human: "Labels the top hit", llm: "Searches and labels the top hit" },
  parameters: { query: { type: "string", required: true, label: "Query", description: "What to search" } },
  async *invoke({ query }, { session }) {
    const hit = await session.tool.invokeBuiltinTool("google", "search", { query }).text();
    const classes = ["news", "other"].map((name) => ({ id: name, name }));
    const model = { provider: "openai", model: "gpt-4o-mini" };
    const label = await session.workflowNode.questionClassifier.invoke({ classes, model, query });
    yield messages.text(`${label.outputs.class_name}: ${hit}`);
  },
});
const identity = { author: "acme", name: "news", label: "News", description: "News tools", icon: "i.svg" };
const news = defineToolProvider({ identity, tools: [digest] });
const plugin = new Plugin().register(news);
it("labels the top search hit", async () => {
  const dify = new MockDify();
  const search = dify.tool("builtin", "google", "search", [toolMessages.text("Rain")]);
  dify.questionClassifier(); // the daemon mock's default: the first class wins
  const harness = createTestHarness(plugin, { dify });
  const result = await harness.invokeTool({ provider: "news", tool: "digest", parameters: { query: "q" } });
  expect([result.text, search.calls[0]?.request.tool_parameters]).toEqual(["news: Rain", { query: "q" }]);
});
