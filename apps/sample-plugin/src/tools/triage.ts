import { workflowNodeExtension } from "@x/node";
import { defineTool, messages, toolExtension } from "@x/tool";
import { runStep } from "../errors/step-failed-error.js";
import { nodeModel } from "./triage-config.js";
import { classifyAndExtract } from "./triage-flow.js";
import { summarize } from "./triage-summary.js";

/**
 * `triage`: classifies a support message (Question Classifier), extracts the fields of its class (Parameter
 * Extractor), optionally looks it up with another tool, then emits the `category` variable, a JSON report and
 * a one-line summary, in that order.
 */
export const triageTool = defineTool({
  // The reverse calls this tool makes: installed when the provider is registered, typed on `session`.
  uses: [workflowNodeExtension, toolExtension],
  identity: { name: "triage", label: "Triage a support message" },
  description: {
    human: "Sorts a support message into billing, bug or other and extracts the details of its class.",
    llm: "Classifies a customer support message as billing, bug or other and extracts its key fields (invoice id and amount, or product and severity).",
  },
  parameters: {
    message: {
      type: "string",
      required: true,
      form: "llm",
      label: "Message",
      description: "The customer's support message",
    },
    model: {
      type: "model-selector",
      scope: "llm",
      required: true,
      form: "form",
      label: "Model",
      description: "The LLM the Question Classifier and the Parameter Extractor run with",
    },
    lookup_provider: {
      type: "string",
      form: "form",
      label: "Lookup provider",
      description:
        "Optional: a builtin tool provider to search with the message (e.g. langgenius/google/google)",
    },
    lookup_tool: {
      type: "string",
      form: "form",
      label: "Lookup tool",
      description: 'Optional: the tool of that provider (called with {"query": message})',
    },
  },
  async *invoke({ message, model, lookup_provider, lookup_tool }, { session, signal }) {
    const report = await classifyAndExtract(session, { message, model: nodeModel(model), signal });
    if (lookup_provider && lookup_tool) {
      const answer = await runStep(
        "lookup",
        () =>
          session.tool
            .invokeBuiltinTool(lookup_provider, lookup_tool, { query: message }, { signal })
            .toArray(),
        `${lookup_provider}/${lookup_tool}`,
      );
      for (const item of answer) if (item.type === "text") report.lookup.push(item.message.text);
    }
    yield messages.variable("category", report.category);
    yield messages.json({ ...report });
    yield messages.text(summarize(report));
  },
});
