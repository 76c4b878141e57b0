import { ToolParameterError } from "../errors/tool-parameter-error.js";
import { type DifyFile, isDifyFileObject, toDifyFile } from "./dify-file.js";
import {
  defaultOf,
  type ParameterDefinition,
  type ParameterDefinitions,
  type ToolParameters,
} from "./parameter-definition.js";

const TRUE_TEXT = new Set(["true", "1", "yes", "on"]);
const FALSE_TEXT = new Set(["false", "0", "no", "off"]);

/**
 * Validates and converts incoming `tool_parameters` for a tool: applies defaults, enforces `required`, coerces
 * what Dify sends as text (numbers, booleans, JSON arrays and objects), checks `select` options and `min`/`max`,
 * and turns Dify file objects into {@link DifyFile}s. Throws {@link ToolParameterError} naming the parameter.
 * Values for undeclared parameters are left out (the tool context keeps the raw object).
 */
export function parseToolParameters<D extends ParameterDefinitions>(
  tool: string,
  definitions: D,
  input: Readonly<Record<string, unknown>>,
): ToolParameters<D> {
  const out: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const raw = input[name];
    const missing = raw === undefined || raw === null || (raw === "" && !isTextType(definition));
    if (missing) {
      const fallback = defaultOf(definition);
      if (fallback !== undefined) out[name] = structuredClone(fallback);
      else if (definition.required) throw new ToolParameterError(tool, name, "is required but was not given");
      continue;
    }
    const value = convert(definition, raw);
    if (value instanceof Problem) throw new ToolParameterError(tool, name, value.text);
    out[name] = value;
  }
  return out as ToolParameters<D>;
}

/** A conversion failure (a class, so no parameter value can be mistaken for one). */
class Problem {
  constructor(readonly text: string) {}
}

function isTextType(definition: ParameterDefinition): boolean {
  return (
    definition.type === "string" ||
    definition.type === "secret-input" ||
    definition.type === "date" ||
    definition.type === "dynamic-select" ||
    definition.type === "any"
  );
}

function problem(text: string): Problem {
  return new Problem(text);
}

/**
 * What a bad value is, never the value itself: a parameter may hold a secret (`secret-input`) or user data, and
 * this text reaches Dify's UI and logs.
 */
function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "string") return `a string of ${value.length} characters`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function convert(definition: ParameterDefinition, raw: unknown): unknown {
  switch (definition.type) {
    case "string":
    case "secret-input":
    case "date":
    case "dynamic-select":
      if (typeof raw === "string") return raw;
      if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
      return problem(`expected a string, got ${describe(raw)}`);
    case "number":
      return toNumber(definition, raw);
    case "boolean":
    case "checkbox":
      return toBoolean(raw);
    case "select": {
      const text = typeof raw === "string" ? raw : typeof raw === "number" ? String(raw) : undefined;
      const allowed = definition.options.map((o) => o.value);
      if (text !== undefined && allowed.includes(text)) return text;
      return problem(
        `expected one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(raw)}`,
      );
    }
    case "file":
      return toFile(raw);
    case "files":
      return toFiles(raw);
    case "model-selector":
      return toRecordWith(raw, ["provider", "model"], "a model config");
    case "app-selector":
      return toRecordWith(raw, ["app_id"], "an app selection");
    case "array": {
      const value = typeof raw === "string" ? parseJson(raw) : raw;
      return Array.isArray(value) ? value : problem(`expected an array, got ${describe(raw)}`);
    }
    case "object": {
      const value = typeof raw === "string" ? parseJson(raw) : raw;
      return isPlainObject(value) ? value : problem(`expected an object, got ${describe(raw)}`);
    }
    default:
      return raw;
  }
}

function toNumber(
  definition: Extract<ParameterDefinition, { type: "number" }>,
  raw: unknown,
): number | Problem {
  let value: number | undefined;
  if (typeof raw === "number") value = raw;
  else if (typeof raw === "string" && raw.trim() !== "") value = Number(raw.trim());
  if (value === undefined || !Number.isFinite(value))
    return problem(`expected a number, got ${describe(raw)}`);
  if (definition.min !== undefined && value < definition.min) {
    return problem(`must be at least ${definition.min}`);
  }
  if (definition.max !== undefined && value > definition.max) {
    return problem(`must be at most ${definition.max}`);
  }
  return value;
}

function toBoolean(raw: unknown): boolean | Problem {
  if (typeof raw === "boolean") return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === "string") {
    const text = raw.trim().toLowerCase();
    if (TRUE_TEXT.has(text)) return true;
    if (FALSE_TEXT.has(text)) return false;
  }
  return problem(`expected a boolean, got ${describe(raw)}`);
}

function toFile(raw: unknown): DifyFile | Problem {
  const file = toDifyFile(raw);
  return typeof file === "string" ? problem(file) : file;
}

function toFiles(raw: unknown): DifyFile[] | Problem {
  const list = isDifyFileObject(raw) ? [raw] : raw;
  if (!Array.isArray(list)) return problem(`expected a list of Dify file objects, got ${describe(raw)}`);
  const files: DifyFile[] = [];
  for (const [index, item] of list.entries()) {
    const file = toDifyFile(item);
    if (typeof file === "string") return problem(`item ${index}: ${file}`);
    files.push(file);
  }
  return files;
}

function toRecordWith(
  raw: unknown,
  keys: readonly string[],
  what: string,
): Record<string, unknown> | Problem {
  const value = typeof raw === "string" ? parseJson(raw) : raw;
  if (!isPlainObject(value)) return problem(`expected ${what} object, got ${describe(raw)}`);
  for (const key of keys) {
    if (typeof value[key] !== "string" || value[key] === "") {
      return problem(`expected ${what} object with a string \`${key}\``);
    }
  }
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
