import type { AgentTool, AgentToolParameter, PromptTool } from "@x/protocol";

// Tool entities → the tool definitions an LLM call takes, as the Python SDK builds them
// (`AgentStrategy._convert_tool_to_prompt_message_tool`, `interfaces/agent/strategy.py`): one JSON-schema property
// per `form: llm` parameter that is not a file, the parameter's `input_schema` when it has one, `enum` for a
// select's options, `required` for required ones.

const FILE_TYPES: ReadonlySet<string> = new Set(["file", "files"]);
// The Python SDK maps select, secret-input and date to string; dynamic-select is added here, since its type name
// is not a JSON-schema type.
const STRING_TYPES: ReadonlySet<string> = new Set(["select", "secret-input", "date", "dynamic-select"]);

/** The JSON-schema `parameters` of a prompt tool: an object schema with its properties and required names. */
export interface PromptToolParameters {
  type: "object";
  properties: Record<string, Record<string, unknown>>;
  required: string[];
  [key: string]: unknown;
}

/** A prompt tool with its parameters spelled out. */
export interface AgentPromptTool extends PromptTool {
  /** The tool's name, as the model will call it. */
  name: string;
  /** What the model reads to decide when to call it (the tool's `description.llm`). */
  description: string;
  /** The JSON schema of its arguments. */
  parameters: PromptToolParameters;
}

/** The JSON schema of one tool parameter as the model sees it (`ToolParameterType.to_prompt_schema`). */
export function parameterPromptSchema(parameter: AgentToolParameter): Record<string, unknown> {
  if (parameter.input_schema) return { ...parameter.input_schema };
  const description = parameter.llm_description ?? "";
  let schema: Record<string, unknown>;
  if (STRING_TYPES.has(parameter.type)) schema = { type: "string", description };
  else if (parameter.type === "date-range") {
    schema = {
      type: "object",
      description,
      properties: { start: { type: "string" }, end: { type: "string" } },
    };
  } else schema = { type: parameter.type, description };
  if (parameter.type === "select" && parameter.options.length > 0) {
    schema.enum = parameter.options.map((option) => option.value);
  }
  return schema;
}

/** One tool entity as an LLM tool definition. */
export function toPromptTool(tool: AgentTool): AgentPromptTool {
  const parameters: PromptToolParameters = { type: "object", properties: {}, required: [] };
  for (const parameter of tool.parameters) {
    if (parameter.form !== "llm" || FILE_TYPES.has(parameter.type)) continue;
    parameters.properties[parameter.name] = parameterPromptSchema(parameter);
    if (parameter.required && !parameters.required.includes(parameter.name)) {
      parameters.required.push(parameter.name);
    }
  }
  return { name: tool.identity.name, description: tool.description?.llm ?? "", parameters };
}

/** The `array[tools]` value as the `tools` of an LLM call (one definition per tool, in order). */
export function toPromptTools(tools: readonly AgentTool[]): AgentPromptTool[] {
  return tools.map(toPromptTool);
}
