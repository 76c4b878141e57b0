import { ValidationError } from "@x/core";
import {
  type AppSelectorValue,
  EVENT_PARAMETER_TYPES,
  type EventParameter,
  type EventParameterType,
  type I18nInput,
  type ModelSelectorValue,
} from "@x/protocol";
import { checkedName, i18n, type Simplify } from "./forms.js";

// Parameters of an event (what a workflow sets on its trigger node) and of the subscription constructor (what a
// user fills in when Dify creates the webhook). Declared as `EventParameter` (`trigger_declaration.go`): only
// `name`, `label` and `type` are required; the twelve types of `event_parameter_type`.

/** One event or subscription parameter as a plugin writes it. */
export interface EventParameterDefinition {
  /** One of the daemon's event parameter types; it decides the value's TypeScript type. */
  type: EventParameterType;
  /** Label shown to users (default: the parameter name). */
  label?: I18nInput;
  /** Help text. */
  description?: I18nInput;
  /** Dify asks for it; typed as always present. */
  required?: boolean;
  /** `select`, `dynamic-select`, `checkbox`: several values may be chosen (the value is then an array). */
  multiple?: boolean;
  /** Value used when none is given; typed as always present. */
  default?: string | number | boolean | readonly (string | number)[];
  /** Options of a `select` or `checkbox` parameter; their values type it. */
  options?: ReadonlyArray<{ value: string; label?: I18nInput }>;
  /** `number`: bounds and decimals. */
  min?: number;
  /** Upper bound of a `number`. */
  max?: number;
  /** Decimals of a `number`. */
  precision?: number;
  /** `model-selector` / `app-selector`: model types or app modes. */
  scope?: string;
}

/** Parameters keyed by name, in form order. */
export type EventParameterDefinitions = Readonly<Record<string, EventParameterDefinition>>;

type OptionValue<P> = P extends { options: ReadonlyArray<{ value: infer V }> } ? V : string;
type Many<P, T> = P extends { multiple: true } ? T[] : T;

/** The TypeScript type of one parameter's value. */
export type EventParameterValue<P extends EventParameterDefinition> = P extends { type: "number" }
  ? number
  : P extends { type: "boolean" }
    ? boolean
    : P extends { type: "select" | "checkbox" }
      ? Many<P, OptionValue<P>>
      : P extends { type: "dynamic-select" }
        ? Many<P, string>
        : P extends { type: "model-selector" }
          ? ModelSelectorValue
          : P extends { type: "app-selector" }
            ? AppSelectorValue
            : P extends { type: "object" }
              ? Record<string, unknown>
              : P extends { type: "array" | "files" }
                ? unknown[]
                : P extends { type: "file" }
                  ? Record<string, unknown>
                  : string;

type AlwaysPresent<P> = P extends { required: true } ? true : P extends { default: unknown } ? true : false;

/** The typed parameter values a handler receives; required ones and those with a default are always present. */
export type EventParameterValues<P extends EventParameterDefinitions> = Simplify<
  {
    readonly [K in keyof P as AlwaysPresent<P[K]> extends true ? K : never]: EventParameterValue<P[K]>;
  } & {
    readonly [K in keyof P as AlwaysPresent<P[K]> extends true ? never : K]?:
      | EventParameterValue<P[K]>
      | undefined;
  }
>;

const TYPES: ReadonlySet<string> = new Set(EVENT_PARAMETER_TYPES);

/** Declares parameters as the daemon's `EventParameter` list; throws `ValidationError` naming the field. */
export function declareEventParameters(
  parameters: EventParameterDefinitions | undefined,
  field: string,
): EventParameter[] {
  if (parameters === undefined) return [];
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    throw new ValidationError("must be an object keyed by parameter name", { field });
  }
  return Object.entries(parameters).map(([name, spec]) => {
    const at = `${field}.${name}`;
    checkedName(name, at);
    if (!TYPES.has(spec?.type)) {
      throw new ValidationError(`type must be one of ${EVENT_PARAMETER_TYPES.join(", ")}`, {
        field: `${at}.type`,
      });
    }
    if ((spec.type === "select" || spec.type === "checkbox") && (spec.options ?? []).length === 0) {
      throw new ValidationError(`a ${spec.type} parameter needs options`, { field: `${at}.options` });
    }
    const declared: EventParameter = {
      name,
      label: i18n(spec.label ?? name, `${at}.label`),
      type: spec.type,
      required: spec.required ?? false,
    };
    if (spec.multiple !== undefined) declared.multiple = spec.multiple;
    if (spec.default !== undefined) declared.default = spec.default;
    if (spec.min !== undefined) declared.min = spec.min;
    if (spec.max !== undefined) declared.max = spec.max;
    if (spec.precision !== undefined) declared.precision = spec.precision;
    if (spec.scope !== undefined) declared.scope = spec.scope;
    if (spec.options !== undefined) {
      declared.options = spec.options.map((option, i) => ({
        value: option.value,
        label: i18n(option.label ?? option.value, `${at}.options[${i}].label`),
      }));
    }
    if (spec.description !== undefined) declared.description = i18n(spec.description, `${at}.description`);
    return declared;
  });
}

/** `values` with each parameter's `default` filled in where none was given. */
export function parameterValues(
  parameters: EventParameterDefinitions | undefined,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const [name, spec] of Object.entries(parameters ?? {})) {
    if ((out[name] === undefined || out[name] === null) && spec.default !== undefined)
      out[name] = spec.default;
  }
  return out;
}
