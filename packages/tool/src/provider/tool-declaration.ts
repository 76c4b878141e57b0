import { ValidationError } from "@x/core";
import { checkedIdentityName } from "@x/core/internal";
import {
  SCOPED_PARAMETER_TYPES,
  TOOL_PARAMETER_FORMS,
  TOOL_PARAMETER_TYPES,
  type ToolDeclaration,
  type ToolParameterDeclaration,
} from "@x/protocol";
import { z } from "zod";
import type { ToolDefinition } from "./define-tool.js";
import { englishOf, type I18nInput, type I18nObject, toI18n } from "./i18n.js";
import { defaultOf, type ParameterDefinition, type ParameterDefinitions } from "./parameter-definition.js";

// Builds the declaration objects the daemon decodes (§1.3.2, §9), checking up front what the daemon would reject
// or, worse, silently drop (a tool with a wrongly typed field disappears from the declaration, §9 item 2).

const PARAMETER_TYPES: ReadonlySet<string> = new Set(TOOL_PARAMETER_TYPES);
const FORMS: ReadonlySet<string> = new Set(TOOL_PARAMETER_FORMS);
const SCOPED_TYPES: ReadonlySet<string> = new Set(SCOPED_PARAMETER_TYPES);

/** Checks a localised text the daemon requires: non-empty `en_US` under 1024 characters. */
export function checkedI18n(input: I18nInput | undefined, field: string): I18nObject {
  if (input === undefined || (typeof input !== "string" && (typeof input !== "object" || input === null))) {
    throw new ValidationError("is required (a string or { en_US, ... })", { field });
  }
  const text = englishOf(input);
  if (typeof text !== "string" || text.length === 0)
    throw new ValidationError("en_US must not be empty", { field });
  if (text.length >= 1024) throw new ValidationError("en_US must be shorter than 1024 characters", { field });
  return toI18n(input);
}

/** Checks an identity name against `^[a-zA-Z0-9_-]+$` (core's check, shared with the other kinds). */
export const checkedName = checkedIdentityName;

/** Builds and checks the declaration of a parameter list. */
export function declareParameters(
  definitions: ParameterDefinitions,
  field: string,
): ToolParameterDeclaration[] {
  if (typeof definitions !== "object" || definitions === null || Array.isArray(definitions)) {
    throw new ValidationError("must be an object keyed by parameter name", { field });
  }
  return Object.entries(definitions).map(([name, definition]) =>
    declareParameter(name, definition, `${field}.${name}`),
  );
}

function declareParameter(name: string, p: ParameterDefinition, field: string): ToolParameterDeclaration {
  if (name.length === 0 || name.length >= 1024) {
    throw new ValidationError("parameter names must be 1 to 1023 characters", { field });
  }
  if (typeof p !== "object" || p === null || !PARAMETER_TYPES.has(p.type)) {
    throw new ValidationError(`type must be one of ${[...PARAMETER_TYPES].join(", ")}`, {
      field: `${field}.type`,
    });
  }
  const form = p.form ?? "llm";
  if (!FORMS.has(form))
    throw new ValidationError("form must be llm, form or schema", { field: `${field}.form` });
  if (p.required !== undefined && typeof p.required !== "boolean") {
    throw new ValidationError("required must be a boolean", { field: `${field}.required` });
  }
  const scope = "scope" in p && p.scope !== undefined ? p.scope : null;
  if (scope !== null && !SCOPED_TYPES.has(p.type)) {
    throw new ValidationError("scope is only allowed on model-selector, app-selector and any", {
      field: `${field}.scope`,
    });
  }
  const label = checkedI18n(p.label ?? name, `${field}.label`);
  const human = checkedI18n(p.description ?? p.label ?? name, `${field}.description`);
  const numeric = p.type === "number" ? p : undefined;
  for (const key of ["min", "max", "precision"] as const) {
    const value = numeric?.[key];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
      throw new ValidationError("must be a finite number", { field: `${field}.${key}` });
    }
  }
  if (numeric?.precision !== undefined && !Number.isInteger(numeric.precision)) {
    throw new ValidationError("must be an integer", { field: `${field}.precision` });
  }
  checkOptionsFunction(p, field);
  const options = p.type === "select" ? declareOptions(p.options, p.default, field) : [];
  if (p.showOn !== undefined && (!Array.isArray(p.showOn) || p.showOn.length > 16)) {
    throw new ValidationError("at most 16 show_on conditions", { field: `${field}.showOn` });
  }
  const declaration: ToolParameterDeclaration = {
    name,
    label,
    human_description: human,
    type: p.type,
    auto_generate: p.autoGenerate ? { type: "prompt_instruction" } : null,
    template: p.template === undefined ? null : { enabled: p.template },
    scope,
    form,
    llm_description: p.llmDescription ?? (form === "llm" ? human.en_US : null),
    required: p.required ?? false,
    default: defaultOf(p) ?? null,
    min: numeric?.min ?? null,
    max: numeric?.max ?? null,
    precision: numeric?.precision ?? null,
    options,
  };
  if (p.showOn !== undefined)
    declaration.show_on = p.showOn.map((c) => ({ variable: c.variable, value: c.value }));
  return declaration;
}

/**
 * A `dynamic-select` parameter must name its `options` function (Dify asks it with `fetch_parameter_options`, and
 * fails with no answer otherwise); any other parameter must not have one (nothing would ever call it).
 */
function checkOptionsFunction(p: ParameterDefinition, field: string): void {
  const options = (p as { options?: unknown }).options;
  if (p.type === "dynamic-select") {
    if (typeof options !== "function") {
      throw new ValidationError(
        "a dynamic-select parameter needs an options({ credentials, parameter, signal }) function returning [{ value, label, icon? }]",
        { field: `${field}.options` },
      );
    }
  } else if (typeof options === "function") {
    throw new ValidationError(
      `an options function is only for dynamic-select parameters (this one is ${p.type}; a select lists its options)`,
      { field: `${field}.options` },
    );
  }
}

function declareOptions(
  options: Extract<ParameterDefinition, { type: "select" }>["options"],
  fallback: string | undefined,
  field: string,
): NonNullable<ToolParameterDeclaration["options"]> {
  if (!Array.isArray(options) || options.length === 0) {
    throw new ValidationError("a select parameter needs at least one option", { field: `${field}.options` });
  }
  const seen = new Set<string>();
  const out = options.map((option, index) => {
    if (typeof option?.value !== "string") {
      throw new ValidationError("option value must be a string", {
        field: `${field}.options[${index}].value`,
      });
    }
    if (seen.has(option.value)) {
      throw new ValidationError(`duplicate option ${JSON.stringify(option.value)}`, {
        field: `${field}.options[${index}]`,
      });
    }
    seen.add(option.value);
    const declared: { value: string; label: I18nObject; icon?: string } = {
      value: option.value,
      label: checkedI18n(option.label ?? option.value, `${field}.options[${index}].label`),
    };
    if (option.icon !== undefined) declared.icon = option.icon;
    return declared;
  });
  if (fallback !== undefined && !seen.has(fallback)) {
    throw new ValidationError(`default ${JSON.stringify(fallback)} is not one of the options`, {
      field: `${field}.default`,
    });
  }
  return out;
}

/** Builds and checks one tool's declaration; `author` is the provider's unless the tool names its own. */
export function declareTool(tool: ToolDefinition, author: string, field: string): ToolDeclaration {
  if (tool?.kind !== "tool") throw new ValidationError("must be a tool made with defineTool()", { field });
  const name = checkedName(tool.identity?.name, `${field}.identity.name`);
  const identity: ToolDeclaration["identity"] = {
    author: tool.identity.author ?? author,
    name,
    label: checkedI18n(tool.identity.label ?? name, `${field}.identity.label`),
  };
  if (tool.identity.icon !== undefined) identity.icon = tool.identity.icon;
  const description = tool.description;
  const human = typeof description === "string" ? description : description?.human;
  const llm = typeof description === "string" ? description : description?.llm;
  if (typeof llm !== "string" || llm.length === 0) {
    throw new ValidationError(
      "description.llm must be a non-empty string (the model reads it to pick the tool)",
      {
        field: `${field}.description.llm`,
      },
    );
  }
  return {
    identity,
    parameters: declareParameters(tool.parameters ?? {}, `${field}.parameters`),
    description: { human: checkedI18n(human, `${field}.description.human`), llm },
    has_runtime_parameters: tool.getRuntimeParameters !== undefined,
    output_schema: outputSchemaOf(tool.outputSchema, `${field}.outputSchema`),
  };
}

function outputSchemaOf(
  schema: ToolDefinition["outputSchema"],
  field: string,
): Record<string, unknown> | null {
  if (schema === undefined) return null;
  // Duck-typed so a zod schema from another copy of zod converts too.
  if (typeof schema === "object" && schema !== null && "_zod" in schema) {
    return z.toJSONSchema(schema as z.ZodType) as Record<string, unknown>;
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ValidationError("must be a JSON schema object or a zod schema", { field });
  }
  return schema;
}
