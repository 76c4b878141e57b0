import { Plugin } from "@x/core";
import { workflowNodeExtension } from "@x/node";
import { defineTool, defineToolProvider, messages } from "@x/tool";

export const route = defineTool({
  // What the tool calls back into: typed on `session`, installed when the provider is registered.
  uses: [workflowNodeExtension],
  identity: { name: "route", label: "Route a message" },
  description: { human: "Classifies a message", llm: "Classifies a customer message as sales or support" },
  parameters: {
    text: { type: "string", required: true, form: "llm", label: "Text", description: "The message" },
  },
  async *invoke({ text }, { session }) {
    const result = await session.workflowNode.questionClassifier.invoke({
      classes: [
        { id: "sales", name: "sales" },
        { id: "support", name: "support" },
      ],
      model: { provider: "langgenius/openai/openai", model: "gpt-4o-mini" },
      query: text,
    });
    yield messages.text(`routed to ${result.outputs.class_name}`); // typed "sales" | "support"
  },
});

export const plugin = new Plugin().register(
  defineToolProvider({
    identity: {
      author: "acme",
      name: "router",
      label: "Router",
      description: "Routes messages",
      icon: "icon.svg",
    },
    tools: [route],
  }),
);

// main.ts: `await runPlugin(plugin)` (from @x/core). INSTALL_METHOD picks stdio (local), TCP remote debugging
// (remote) or the serverless HTTP server, with no code change.
