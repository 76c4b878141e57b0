import type { ParameterConfig, ParameterInput } from "@x/protocol";
import type {
  ExtractionFailure,
  ExtractionResult,
  ExtractionSuccess,
  ParameterValue,
} from "./extraction-result.js";
import type { NodeResultBase } from "./node-result.js";
import {
  describe,
  invalidReply,
  parseNodeResponse,
  parseUsage,
  quote,
  type ReplyContext,
} from "./reply-context.js";

/**
 * Turns a Parameter Extractor reply into a typed result. `__is_success: 0` becomes `ok: false` with Dify's
 * reason; otherwise every parameter is checked against its declared type, so the typed `outputs` never lie.
 * A reply without `__is_success` (older Dify, the daemon's mock) counts as success and is checked the same way.
 */
export function interpretExtraction(
  context: ReplyContext,
  parameters: readonly ParameterConfig[],
  reply: unknown,
): ExtractionResult {
  const response = parseNodeResponse(context, reply);
  const { __is_success: flag, __reason: reason, __error: error, __usage: usage } = response.outputs;
  const base: NodeResultBase = {
    inputs: response.inputs,
    process_data: response.process_data,
    raw: response,
  };
  const parsedUsage = parseUsage(context, reply, usage, "outputs.__usage");
  if (parsedUsage) base.usage = parsedUsage;

  if (flag === 0 || flag === false) {
    const failure: ExtractionFailure = {
      ok: false,
      reason:
        typeof reason === "string" && reason.length > 0
          ? reason
          : "Dify reported a failed extraction without a reason",
      ...base,
    };
    if (typeof error === "string" && error.length > 0) failure.error = error;
    return failure;
  }
  if (flag !== undefined && flag !== 1 && flag !== true) {
    invalidReply(context, reply, `expected 0 or 1, got ${describe(flag)}`, "outputs.__is_success");
  }

  // Each value is checked against its parameter below, which is what makes the typed view sound.
  const outputs: ExtractionSuccess["outputs"] = {};
  for (const parameter of parameters) {
    const value = response.outputs[parameter.name];
    const field = `outputs.${parameter.name}`;
    if (value === undefined) {
      if (parameter.required)
        invalidReply(context, reply, "required parameter missing from a successful extraction", field);
      continue;
    }
    const problem = checkValue(parameter, value);
    if (problem) invalidReply(context, reply, problem, field);
    outputs[parameter.name] = value as ParameterValue<ParameterInput>;
  }
  const success: ExtractionSuccess = { ok: true, outputs, ...base };
  return success;
}

/** Why `value` does not fit `parameter`, or undefined when it does. */
function checkValue(parameter: ParameterConfig, value: unknown): string | undefined {
  switch (parameter.type) {
    case "string":
    case "select":
      if (typeof value !== "string") return `expected a string, got ${describe(value)}`;
      if (parameter.options.length > 0 && !parameter.options.includes(value)) {
        return `${quote(value)} is not one of the options (${parameter.options.join(", ")})`;
      }
      return undefined;
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? undefined
        : `expected a number, got ${describe(value)}`;
    case "bool":
      return typeof value === "boolean" ? undefined : `expected a boolean, got ${describe(value)}`;
    case "array[string]":
      return checkArray(value, (item) => typeof item === "string", "strings");
    case "array[number]":
      return checkArray(value, (item) => typeof item === "number" && Number.isFinite(item), "numbers");
    case "array[object]":
      return checkArray(
        value,
        (item) => typeof item === "object" && item !== null && !Array.isArray(item),
        "objects",
      );
  }
}

function checkArray(value: unknown, ok: (item: unknown) => boolean, what: string): string | undefined {
  if (!Array.isArray(value)) return `expected an array of ${what}, got ${describe(value)}`;
  const index = value.findIndex((item) => !ok(item));
  return index === -1
    ? undefined
    : `item ${index} is ${describe(value[index])}, expected an array of ${what}`;
}
