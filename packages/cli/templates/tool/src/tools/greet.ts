import { defineTool, messages } from "@x/tool";

/** Greets someone by name. */
export const greet = defineTool({
  identity: { name: "greet", label: "Greet" },
  description: {
    human: "Greets someone by name.",
    llm: "Returns a friendly greeting for the person named in `name`.",
  },
  parameters: {
    name: {
      type: "string",
      required: true,
      label: "Name",
      description: "Who to greet.",
      llmDescription: "The name of the person to greet.",
    },
  },
  invoke: ({ name }) => messages.text(`Hello, ${name}!`),
});
