import {
  type AgentModelConfig,
  AgentModelConfigSchema,
  type AgentTool,
  AgentToolsValueSchema,
  type I18nInput,
} from "@x/protocol";
import {
  type AppSelectorValue,
  type DifyFile,
  parseToolParameters,
  type ParameterDefinition as ToolParameterDefinition,
  ToolParameterError,
} from "@x/tool";
import type { z } from "zod";
import { AgentParameterError } from "./errors/agent-parameter-error.js";

// The parameters of an agent strategy (`AgentStrategyParameter`, `pkg/entities/plugin_entities/agent_declaration.go`)
// and the typed values `invoke` receives. The two agent-only types are `model-selector` (→ AgentModelConfig) and
// `array[tools]` (→ AgentTool[]); their shapes are @x/protocol's `AgentModelConfigSchema` and `AgentToolsValueSchema`.

/** Fields every strategy parameter may carry. */
interface AgentParameterBase {
  /** Label shown in the Agent node (default: the parameter name). */
  label?: I18nInput;
  /** Help text shown under the field (`help`). */
  help?: I18nInput;
  /** True when the strategy cannot run without it. */
  required?: boolean;
  /** Lets Dify generate the value from a prompt instruction (`auto_generate: prompt_instruction`). */
  autoGenerate?: boolean;
  /** Enables Jinja templating of the value (`template.enabled`). */
  template?: boolean;
}

/** A text parameter (`string`, `secret-input`) → `string`. */
export interface AgentStringParameter extends AgentParameterBase {
  type: "string" | "secret-input";
  default?: string;
}
/** A `number` parameter → `number` (text such as `"3"` is converted; `min`/`max` are checked). */
export interface AgentNumberParameter extends AgentParameterBase {
  type: "number";
  default?: number;
  min?: number;
  max?: number;
  precision?: number;
}
/** A `boolean` parameter → `boolean`. */
export interface AgentBooleanParameter extends AgentParameterBase {
  type: "boolean";
  default?: boolean;
}
/** One option of a `select` parameter. */
export interface AgentSelectOption {
  /** The value the strategy receives. */
  value: string;
  /** Label shown to users (default: the value). */
  label?: I18nInput;
}
/** A `select` parameter → the union of its option values. */
export interface AgentSelectParameter extends AgentParameterBase {
  type: "select";
  options: readonly AgentSelectOption[];
  default?: string;
}
/** A `file` parameter → a Dify file. */
export interface AgentFileParameter extends AgentParameterBase {
  type: "file";
}
/** A `files` parameter → a list of Dify files. */
export interface AgentFilesParameter extends AgentParameterBase {
  type: "files";
}
/** An `app-selector` parameter → the chosen app (`app_id`, `inputs`, `files`); `scope` narrows the app mode. */
export interface AgentAppSelectorParameter extends AgentParameterBase {
  type: "app-selector";
  scope?: string;
}
/**
 * A `model-selector` parameter → {@link AgentModelConfig}: the model with its completion params, the conversation
 * history (with the `history-messages` feature) and the model's schema. `scope` narrows the models offered, e.g.
 * `tool-call&llm` for models that can call tools.
 */
export interface AgentModelSelectorParameter extends AgentParameterBase {
  type: "model-selector";
  scope?: string;
}
/** An `array[tools]` parameter → {@link AgentTool}`[]`: the tools the user picked, with their schemas. */
export interface AgentToolsParameter extends AgentParameterBase {
  type: "array[tools]";
}
/** An `any` parameter → `unknown`, as received; `scope` hints the type (`array[string]`, `array[object]`, ...). */
export interface AgentAnyParameter extends AgentParameterBase {
  type: "any";
  scope?: string;
  default?: string | number | boolean;
}

/** A strategy parameter definition; its `type` decides the TypeScript type `invoke` receives. */
export type AgentParameterDefinition =
  | AgentStringParameter
  | AgentNumberParameter
  | AgentBooleanParameter
  | AgentSelectParameter
  | AgentFileParameter
  | AgentFilesParameter
  | AgentAppSelectorParameter
  | AgentModelSelectorParameter
  | AgentToolsParameter
  | AgentAnyParameter;

/** Strategy parameter definitions keyed by name, in declaration order. */
export type AgentParameterDefinitions = Readonly<Record<string, AgentParameterDefinition>>;

/** The TypeScript type of one strategy parameter's value. */
export type AgentParameterValue<P extends AgentParameterDefinition> = P extends AgentStringParameter
  ? string
  : P extends AgentNumberParameter
    ? number
    : P extends AgentBooleanParameter
      ? boolean
      : P extends AgentSelectParameter
        ? P["options"][number]["value"]
        : P extends AgentFileParameter
          ? DifyFile
          : P extends AgentFilesParameter
            ? DifyFile[]
            : P extends AgentAppSelectorParameter
              ? AppSelectorValue
              : P extends AgentModelSelectorParameter
                ? AgentModelConfig
                : P extends AgentToolsParameter
                  ? AgentTool[]
                  : unknown;

type AlwaysPresent<P> = P extends { type: "array[tools]" }
  ? true
  : P extends { required: true }
    ? true
    : P extends { default: infer V }
      ? undefined extends V
        ? false
        : true
      : false;

type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * The typed `agent_strategy_params` a strategy receives: required parameters, those with a default, and
 * `array[tools]` (an empty list when none were picked) are always present; the others may be undefined.
 */
export type AgentParameters<D extends AgentParameterDefinitions> = Simplify<
  {
    -readonly [K in keyof D as AlwaysPresent<D[K]> extends true ? K : never]: AgentParameterValue<D[K]>;
  } & {
    -readonly [K in keyof D as AlwaysPresent<D[K]> extends true ? never : K]?:
      | AgentParameterValue<D[K]>
      | undefined;
  }
>;

/** What Dify's Agent node may send for one parameter (the wire form `parseAgentParameters` accepts). */
export type AgentParameterInput<P extends AgentParameterDefinition> = P extends AgentModelSelectorParameter
  ? z.input<typeof AgentModelConfigSchema> | string
  : P extends AgentToolsParameter
    ? z.input<typeof AgentToolsValueSchema>
    : P extends AgentNumberParameter
      ? number | string
      : P extends AgentBooleanParameter
        ? boolean | number | string
        : P extends AgentSelectParameter
          ? P["options"][number]["value"]
          : P extends AgentStringParameter
            ? string
            : unknown;

/**
 * The `agent_strategy_params` for definitions `D` as Dify sends them: required parameters must be given, the
 * others may be left out. Type test fixtures with it (`satisfies AgentStrategyParams<typeof strategy>`).
 */
export type AgentParametersInput<D extends AgentParameterDefinitions> = Simplify<
  {
    -readonly [K in keyof D as D[K] extends { required: true } ? K : never]: AgentParameterInput<D[K]>;
  } & {
    -readonly [K in keyof D as D[K] extends { required: true } ? never : K]?: AgentParameterInput<
      D[K]
    > | null;
  }
>;

/** The wire `agent_strategy_params` of a defined strategy (see {@link AgentParametersInput}). */
export type AgentStrategyParams<S extends { readonly parameters?: AgentParameterDefinitions | undefined }> =
  AgentParametersInput<NonNullable<S["parameters"]>>;

/**
 * Validates and converts `agent_strategy_params` for a strategy: defaults, `required`, text to numbers and
 * booleans, `select` options, Dify file objects, and the `model-selector` and `array[tools]` shapes. Throws
 * {@link AgentParameterError} naming the parameter (never its value). Undeclared parameters are left out.
 */
export function parseAgentParameters<D extends AgentParameterDefinitions>(
  strategy: string,
  definitions: D,
  input: Readonly<Record<string, unknown>>,
): AgentParameters<D> {
  const out: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const raw = input[name];
    if (definition.type === "model-selector") {
      if (raw === undefined || raw === null || raw === "") {
        if (definition.required)
          throw new AgentParameterError(strategy, name, "is required but was not given");
        continue;
      }
      out[name] = parseStructured(strategy, name, AgentModelConfigSchema, raw, "a model-selector value");
    } else if (definition.type === "array[tools]") {
      const tools = parseStructured(strategy, name, AgentToolsValueSchema, raw, "an array[tools] value");
      if (definition.required && tools.length === 0 && (raw === undefined || raw === null)) {
        throw new AgentParameterError(strategy, name, "is required but was not given");
      }
      out[name] = tools;
    } else {
      try {
        const parsed = parseToolParameters(strategy, { [name]: toToolDefinition(definition) }, input);
        if (name in parsed) out[name] = parsed[name];
      } catch (error) {
        if (error instanceof ToolParameterError)
          throw new AgentParameterError(strategy, name, problemOf(error));
        throw error;
      }
    }
  }
  return out as AgentParameters<D>;
}

function parseStructured<S extends z.ZodType>(
  strategy: string,
  name: string,
  schema: S,
  raw: unknown,
  what: string,
): z.output<S> {
  const value = typeof raw === "string" ? parseJson(raw) : raw;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new AgentParameterError(strategy, name, `is not ${what}${where}: ${issue?.message ?? "invalid"}`);
}

/** The `@x/tool` definition that converts a shared parameter type the same way. */
function toToolDefinition(definition: AgentParameterDefinition): ToolParameterDefinition {
  switch (definition.type) {
    case "select":
      return {
        type: "select",
        options: definition.options,
        required: definition.required ?? false,
        ...withDefault(definition.default),
      };
    case "number":
      return {
        type: "number",
        required: definition.required ?? false,
        ...withDefault(definition.default),
        ...(definition.min === undefined ? {} : { min: definition.min }),
        ...(definition.max === undefined ? {} : { max: definition.max }),
      };
    case "model-selector":
    case "array[tools]":
      throw new Error("unreachable: parsed with the protocol schemas");
    default:
      return {
        type: definition.type,
        required: definition.required ?? false,
        ...("default" in definition ? withDefault(definition.default) : {}),
      } as ToolParameterDefinition;
  }
}

/** The problem text of a `ToolParameterError` (its message after ``tool `x` parameter `y`: ``). */
function problemOf(error: ToolParameterError): string {
  const prefix = `tool \`${error.tool}\` parameter \`${error.parameter}\`: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

function withDefault<T>(value: T | undefined): { default?: T } {
  return value === undefined ? {} : { default: value };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
