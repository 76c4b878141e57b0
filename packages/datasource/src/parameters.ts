import { ValidationError } from "@x/core";
import type { DatasourceParameter, DatasourceParameterType } from "@x/protocol";
import { DATASOURCE_PARAMETER_TYPES } from "@x/protocol";
import { type I18nInput, toI18n } from "@x/tool";
import { DatasourceParameterError } from "./errors/datasource-parameter-error.js";

// Datasource parameters are their own struct in the daemon (`DatasourceParameter`,
// `pkg/entities/plugin_entities/datasource_declaration.go`): five types, a `description`, no `form`, no scope.

/** What every datasource parameter may say about itself. */
interface ParameterBase {
  /** Shown to users (default: the parameter's name). */
  label?: I18nInput;
  /** Shown under the field (default: the label). */
  description?: I18nInput;
  /** When true, a run without a value (and without a default) fails with `DatasourceParameterError`. */
  required?: boolean;
  /** Placeholder of the field (the Python SDK sends it; the daemon ignores it, Dify shows it). */
  placeholder?: I18nInput;
}

/** A text parameter (`string`), or a masked one (`secret-input`). */
export interface DatasourceStringParameter extends ParameterBase {
  type: "string" | "secret-input";
  default?: string;
}

/** A number parameter; a numeric string from Dify is read as a number. */
export interface DatasourceNumberParameter extends ParameterBase {
  type: "number";
  default?: number;
  min?: number;
  max?: number;
  /** Decimal places shown (an integer). */
  precision?: number;
}

/** A boolean parameter; `"true"` / `"false"` from Dify are read as booleans. */
export interface DatasourceBooleanParameter extends ParameterBase {
  type: "boolean";
  default?: boolean;
}

/** A choice among options; the value is one option's `value`. */
export interface DatasourceSelectParameter extends ParameterBase {
  type: "select";
  options: ReadonlyArray<{ value: string; label?: I18nInput }>;
  default?: string;
}

/** One datasource parameter definition. */
export type DatasourceParameterDefinition =
  | DatasourceStringParameter
  | DatasourceNumberParameter
  | DatasourceBooleanParameter
  | DatasourceSelectParameter;

/** Parameter definitions keyed by name, in declaration order. */
export type DatasourceParameterDefinitions = Readonly<Record<string, DatasourceParameterDefinition>>;

/** The value type of one parameter definition. */
export type DatasourceParameterValue<P extends DatasourceParameterDefinition> = P extends { type: "number" }
  ? number
  : P extends { type: "boolean" }
    ? boolean
    : P extends { type: "select"; options: ReadonlyArray<{ value: infer V }> }
      ? V
      : string;

type Present<D extends DatasourceParameterDefinitions> = {
  [K in keyof D]: D[K] extends { required: true } | { default: unknown } ? K : never;
}[keyof D];

/** The typed `datasource_parameters` a handler receives: required or defaulted ones are always set. */
export type DatasourceParameters<D extends DatasourceParameterDefinitions> = {
  -readonly [K in Present<D>]: DatasourceParameterValue<D[K]>;
} & { -readonly [K in Exclude<keyof D, Present<D>>]?: DatasourceParameterValue<D[K]> };

const TYPES: ReadonlySet<string> = new Set(DATASOURCE_PARAMETER_TYPES);

/** Turns parameter definitions into the declared `parameters` array (`[]` when there are none). */
export function declareDatasourceParameters(
  definitions: DatasourceParameterDefinitions | undefined,
  field: string,
): DatasourceParameter[] {
  if (definitions === undefined) return [];
  if (typeof definitions !== "object" || definitions === null || Array.isArray(definitions)) {
    throw new ValidationError("must be an object keyed by parameter name", { field });
  }
  return Object.entries(definitions).map(([name, definition]) => {
    const at = `${field}.${name}`;
    if (typeof definition !== "object" || definition === null)
      throw new ValidationError("must be a parameter definition", { field: at });
    if (!TYPES.has(definition.type)) {
      throw new ValidationError(
        `type must be one of ${DATASOURCE_PARAMETER_TYPES.join(", ")} (the daemon refuses file and files here)`,
        { field: `${at}.type` },
      );
    }
    const label = toI18n(definition.label ?? name);
    const out: DatasourceParameter = {
      name,
      label,
      type: definition.type as DatasourceParameterType,
      required: definition.required ?? false,
      description: definition.description === undefined ? label : toI18n(definition.description),
    };
    if (definition.default !== undefined) out.default = definition.default;
    if (definition.placeholder !== undefined) out.placeholder = toI18n(definition.placeholder);
    if (definition.type === "number") {
      if (definition.min !== undefined) out.min = definition.min;
      if (definition.max !== undefined) out.max = definition.max;
      if (definition.precision !== undefined) out.precision = definition.precision;
    }
    if (definition.type === "select") {
      if (!Array.isArray(definition.options) || definition.options.length === 0) {
        throw new ValidationError("a select parameter needs at least one option", { field: `${at}.options` });
      }
      out.options = definition.options.map((option) => ({
        value: option.value,
        label: toI18n(option.label ?? option.value),
      }));
      if (
        definition.default !== undefined &&
        !definition.options.some((o) => o.value === definition.default)
      ) {
        throw new ValidationError(`default ${JSON.stringify(definition.default)} is not one of the options`, {
          field: `${at}.default`,
        });
      }
    }
    return out;
  });
}

/**
 * Reads `datasource_parameters` against the definitions: fills defaults, coerces the string forms Dify may send
 * (`"3"` for a number, `"true"` for a boolean), and throws {@link DatasourceParameterError} for a missing required
 * value or a wrong type. Undeclared keys are dropped here (handlers see them on `context.rawParameters`).
 */
export function parseDatasourceParameters<D extends DatasourceParameterDefinitions>(
  datasource: string,
  definitions: D | undefined,
  raw: Readonly<Record<string, unknown>>,
): DatasourceParameters<D> {
  const out: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions ?? {})) {
    const value = raw[name];
    if (value === undefined || value === null || value === "") {
      if (definition.default !== undefined) out[name] = definition.default;
      else if (definition.required) throw new DatasourceParameterError(datasource, name, "is required");
      continue;
    }
    out[name] = coerce(datasource, name, definition, value);
  }
  return out as DatasourceParameters<D>;
}

function coerce(
  datasource: string,
  name: string,
  definition: DatasourceParameterDefinition,
  value: unknown,
): unknown {
  const fail = (expected: string): never => {
    throw new DatasourceParameterError(
      datasource,
      name,
      `expected ${expected}, got ${JSON.stringify(value)}`,
    );
  };
  switch (definition.type) {
    case "number": {
      const number = typeof value === "string" ? Number(value.trim()) : value;
      if (typeof number !== "number" || !Number.isFinite(number)) return fail("a number");
      if (definition.min !== undefined && number < definition.min)
        return fail(`a number ≥ ${definition.min}`);
      if (definition.max !== undefined && number > definition.max)
        return fail(`a number ≤ ${definition.max}`);
      return number;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === 1) return true;
      if (value === "false" || value === 0) return false;
      return fail("a boolean");
    case "select": {
      const options = definition.options.map((option) => option.value);
      if (typeof value !== "string" || !options.includes(value)) return fail(`one of ${options.join(", ")}`);
      return value;
    }
    default:
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      return fail("a string");
  }
}
