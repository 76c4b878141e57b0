import { defineTool, ToolParameterError, type ToolResultMessage, toolExtension } from "@x/tool";
import { StepFailedError } from "../errors/step-failed-error.js";
import { relayMessage } from "./relay-message.js";

/** Parses the `parameters` text: a JSON object, or a {@link ToolParameterError} that says what is wrong. */
export function parseRelayParameters(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ToolParameterError("relay", "parameters", `must be a JSON object: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new ToolParameterError("relay", "parameters", `must be a JSON object, got ${kind}`);
  }
  return value as Record<string, unknown>;
}

/**
 * `relay`: calls another tool and re-emits every message it answers, in order, unchanged in type and content.
 * A chunked blob is reassembled on the way in and chunked again on the way out.
 */
export const relayTool = defineTool({
  uses: [toolExtension],
  identity: { name: "relay", label: "Relay a tool" },
  description: {
    human: "Calls another tool installed in the workspace and passes on everything it answers.",
    llm: "Calls the given tool with the given JSON parameters and returns its messages unchanged.",
  },
  parameters: {
    provider: {
      type: "string",
      required: true,
      form: "form",
      label: "Provider",
      description: "The tool provider",
    },
    tool: { type: "string", required: true, form: "form", label: "Tool", description: "The tool's name" },
    tool_type: {
      type: "select",
      form: "form",
      label: "Tool type",
      description: "Where the tool comes from",
      options: [{ value: "builtin" }, { value: "workflow" }, { value: "api" }, { value: "mcp" }],
      default: "builtin",
    },
    parameters: {
      type: "string",
      label: "Parameters",
      description: "The tool's parameters as a JSON object",
      default: "{}",
    },
  },
  async *invoke({ provider, tool, tool_type, parameters }, { session, signal }) {
    const toolParameters = parseRelayParameters(parameters);
    const target = `${tool_type}/${provider}/${tool}`;
    const answer = session.tool.invoke(
      { providerType: tool_type, provider, toolName: tool, parameters: toolParameters },
      { signal },
    );
    const iterator = answer[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<ToolResultMessage>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw new StepFailedError("relay", error, target);
      }
      if (next.done) return;
      yield relayMessage(next.value);
    }
  },
});
