import { type Logger, type Session, ValidationError } from "@x/core";
import type { ParameterOptionInput, ParameterOptionsHook } from "@x/core/internal";
import { checkedIdentityName as checkedName, formI18n as i18n, type Simplify } from "@x/core/internal";
import {
  type AppSelectorValue,
  EVENT_PARAMETER_TYPES,
  type EventParameter,
  type EventParameterType,
  type I18nInput,
  type ModelSelectorValue,
} from "@x/protocol";

// Parameters of an event (what a workflow sets on its trigger node) and of the subscription constructor (what a
// user fills in when Dify creates the webhook). Declared as `EventParameter` (`trigger_declaration.go`): only
// `name`, `label` and `type` are required; the twelve types of `event_parameter_type`.

/** One option a `dynamic-select` parameter's `options` function returns. */
export interface DynamicOption {
  /** The value the workflow (or the subscription) receives (non-empty). */
  value: string;
  /** Label shown to users: a string (English) or `{ en_US, ... }`. */
  label: I18nInput;
  /** Icon: a URL or a data URI. */
  icon?: string;
}

/** What a `dynamic-select` parameter's `options` function receives (a `fetch_parameter_options` request, §2.3). */
export interface DynamicOptionsContext {
  /** The provider's name. */
  readonly provider: string;
  /** The event the parameter belongs to, or `provider` for a subscription constructor parameter. */
  readonly event: string;
  /** The parameter whose options are asked for. */
  readonly parameter: string;
  /** The credentials Dify decrypted (the subscription constructor's API key or OAuth credentials). Never log them. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** How the credentials were obtained: `api-key`, `oauth2` or `unauthorized`. */
  readonly credentialType: string;
  /** The daemon session (reverse calls are allowed). */
  readonly session: Session;
  /** Aborts when the session ends or the connection drops: pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** The session's logger. */
  readonly logger: Logger;
}

/** Fetches a `dynamic-select` parameter's options; throw to show Dify an error. */
export type DynamicOptionsFunction = (
  context: DynamicOptionsContext,
) => readonly DynamicOption[] | Promise<readonly DynamicOption[]>;

/** What every event or subscription parameter may carry besides its type and options. */
export interface EventParameterBase {
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
  /** `number`: bounds and decimals. */
  min?: number;
  /** Upper bound of a `number`. */
  max?: number;
  /** Decimals of a `number`. */
  precision?: number;
  /** `model-selector` / `app-selector`: model types or app modes. */
  scope?: string;
}

/** A parameter of any type but `dynamic-select`; `select` and `checkbox` list their options. */
export interface StaticEventParameterDefinition extends EventParameterBase {
  /** One of the daemon's event parameter types; it decides the value's TypeScript type. */
  type: Exclude<EventParameterType, "dynamic-select">;
  /** Options of a `select` or `checkbox` parameter; their values type it. */
  options?: ReadonlyArray<{ value: string; label?: I18nInput }>;
}

/** A `dynamic-select` parameter: its options come from a function answering `fetch_parameter_options` (§2.3). */
export interface DynamicSelectEventParameterDefinition extends EventParameterBase {
  /** `dynamic-select`: the value is one of the fetched options' values (an array with `multiple`). */
  type: "dynamic-select";
  /** Fetches the options when Dify opens the form. */
  options: DynamicOptionsFunction;
}

/** One event or subscription parameter as a plugin writes it. */
export type EventParameterDefinition = StaticEventParameterDefinition | DynamicSelectEventParameterDefinition;

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
    const options = spec.options;
    if (spec.type === "dynamic-select") {
      if (typeof options !== "function") {
        throw new ValidationError(
          "a dynamic-select parameter needs an options function ({ credentials, parameter, signal }) => [{ value, label }]: Dify calls fetch_parameter_options for it",
          { field: `${at}.options` },
        );
      }
    } else if (typeof options === "function") {
      throw new ValidationError(`an options function is for a dynamic-select parameter, not a ${spec.type}`, {
        field: `${at}.options`,
      });
    }
    if ((spec.type === "select" || spec.type === "checkbox") && ((options ?? []) as unknown[]).length === 0) {
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
    if (options !== undefined && typeof options !== "function") {
      declared.options = options.map((option, i) => ({
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

/**
 * The `fetch_parameter_options` hook of `parameter` among `parameters` (an event's, or the subscription
 * constructor's), or `undefined` when it is not a `dynamic-select` with an options function. The options are
 * checked and their labels made `{ en_US, ... }` before core validates them against the reply struct.
 */
export function dynamicOptionsHook(
  parameters: EventParameterDefinitions | undefined,
  parameter: string,
): ParameterOptionsHook | undefined {
  const spec =
    parameters !== undefined && Object.hasOwn(parameters, parameter) ? parameters[parameter] : undefined;
  const fetchOptions = spec?.type === "dynamic-select" ? spec.options : undefined;
  if (typeof fetchOptions !== "function") return undefined;
  return async (context) => {
    const options = await fetchOptions({
      provider: context.provider,
      event: context.providerAction,
      parameter: context.parameter,
      credentials: context.credentials,
      credentialType: context.credentialType,
      session: context.session,
      signal: context.signal,
      logger: context.logger,
    });
    const field = `${context.providerAction}.${parameter}.options`;
    if (!Array.isArray(options)) {
      throw new ValidationError("must return an array of { value, label, icon? }", { field });
    }
    return options.map((option: DynamicOption, i: number) => {
      if (typeof option !== "object" || option === null) {
        throw new ValidationError("must be { value, label, icon? }", { field: `${field}[${i}]` });
      }
      const wire: ParameterOptionInput = {
        value: option.value,
        label: i18n(option.label, `${field}[${i}].label`),
      };
      if (option.icon !== undefined) wire.icon = option.icon;
      return wire;
    });
  };
}
