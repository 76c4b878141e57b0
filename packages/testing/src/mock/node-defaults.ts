import type { InvokeRequest, NodeResponse } from "@x/protocol";

// Default answers of the workflow-node invoke types, after the daemon's own mock
// (internal/core/dify_invocation/mock/mock.go). The reply shape is @x/protocol's `NodeResponseSchema` (§4.6).

export type { NodeResponse } from "@x/protocol";

/** The workflow-node invoke types. */
export type NodeInvokeType = "node_parameter_extractor" | "node_question_classifier";

/** A node answer as a mock gives it: a `NodeResponse` whose missing objects are sent as `{}` (the daemon requires all three). */
export type NodeResponseInput = Partial<NodeResponse>;

/** Fills in the objects a mock left out. */
export function toNodeResponse(input: NodeResponseInput): NodeResponse {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new TypeError(
      `a node answer must be an object like {outputs: {...}}, got ${JSON.stringify(input)}`,
    );
  }
  return { inputs: input.inputs ?? {}, outputs: input.outputs ?? {}, process_data: input.process_data ?? {} };
}

// The request as received: typed from @x/protocol, read defensively (a mock records malformed requests too).
interface Loose {
  [key: string]: unknown;
}

/**
 * The default Question Classifier answer, like the daemon's own mock: the first class wins
 * (`outputs.class_name`, plus `class_id` as Dify sends it).
 */
export function defaultClassifierResponse(request: InvokeRequest<"node_question_classifier">): NodeResponse {
  const raw = request as unknown as Loose;
  const classes = Array.isArray(raw.classes) ? (raw.classes as Loose[]) : [];
  const first = classes[0];
  return {
    inputs: { query: raw.query ?? "" },
    outputs: first ? { class_name: first.name ?? "", class_id: first.id ?? "" } : {},
    process_data: {},
  };
}

/**
 * The default Parameter Extractor answer, like the daemon's own mock: a dummy value of each parameter's type
 * (a select takes its first option), plus Dify's `__is_success: 1` and empty `__reason`.
 */
export function defaultExtractorResponse(request: InvokeRequest<"node_parameter_extractor">): NodeResponse {
  const raw = request as unknown as Loose;
  const parameters = Array.isArray(raw.parameters) ? (raw.parameters as Loose[]) : [];
  const outputs: Record<string, unknown> = {};
  for (const parameter of parameters) {
    if (typeof parameter?.name !== "string") continue;
    outputs[parameter.name] = dummyValue(parameter);
  }
  outputs.__is_success = 1;
  outputs.__reason = "";
  return { inputs: { query: raw.query ?? "" }, outputs, process_data: {} };
}

function dummyValue(parameter: Loose): unknown {
  const name = String(parameter.name);
  switch (parameter.type) {
    case "number":
      return 42;
    case "bool":
    case "boolean":
      return true;
    case "select": {
      const options = Array.isArray(parameter.options) ? parameter.options : [];
      return options.length > 0 ? options[0] : `sample ${name}`;
    }
    case "array[string]":
      return [`sample ${name}`];
    case "array[number]":
      return [42];
    case "array[object]":
      return [{}];
    default:
      return `sample ${name}`;
  }
}
