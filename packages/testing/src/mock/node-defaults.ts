/** The reply of a workflow-node reverse call (§4.6): all three objects are present. */
export interface NodeResponse {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  process_data: Record<string, unknown>;
}

/** A node answer as a mock gives it; missing objects are sent as `{}` (the daemon requires all three). */
export interface NodeResponseInput {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  process_data?: Record<string, unknown>;
}

/** Fills in the objects a mock left out. */
export function toNodeResponse(input: NodeResponseInput): NodeResponse {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new TypeError(
      `a node answer must be an object like {outputs: {...}}, got ${JSON.stringify(input)}`,
    );
  }
  return { inputs: input.inputs ?? {}, outputs: input.outputs ?? {}, process_data: input.process_data ?? {} };
}

interface ClassLike {
  id?: unknown;
  name?: unknown;
}
interface ParameterLike {
  name?: unknown;
  type?: unknown;
  options?: unknown;
}

/**
 * The default Question Classifier answer, like the daemon's own mock: the first class wins
 * (`outputs.class_name`, plus `class_id` as Dify sends it).
 */
export function defaultClassifierResponse(request: Record<string, unknown>): NodeResponse {
  const classes = Array.isArray(request.classes) ? (request.classes as ClassLike[]) : [];
  const first = classes[0];
  return {
    inputs: { query: request.query ?? "" },
    outputs: first ? { class_name: first.name ?? "", class_id: first.id ?? "" } : {},
    process_data: {},
  };
}

/**
 * The default Parameter Extractor answer, like the daemon's own mock: a dummy value of each parameter's type
 * (a select takes its first option), plus Dify's `__is_success: 1` and empty `__reason`.
 */
export function defaultExtractorResponse(request: Record<string, unknown>): NodeResponse {
  const parameters = Array.isArray(request.parameters) ? (request.parameters as ParameterLike[]) : [];
  const outputs: Record<string, unknown> = {};
  for (const parameter of parameters) {
    if (typeof parameter?.name !== "string") continue;
    outputs[parameter.name] = dummyValue(parameter);
  }
  outputs.__is_success = 1;
  outputs.__reason = "";
  return { inputs: { query: request.query ?? "" }, outputs, process_data: {} };
}

function dummyValue(parameter: ParameterLike): unknown {
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
