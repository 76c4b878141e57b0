import { ValidationError } from "@x/core";
import {
  type AppSelectorValue,
  type I18nInput,
  type I18nText,
  type ModelSelectorValue,
  PROVIDER_CONFIG_TYPES,
  type ProviderConfig,
  type ProviderConfigType,
  scopeProblem,
} from "@x/protocol";

// The two `ProviderConfig` forms of a trigger provider (`pkg/entities/plugin_entities/trigger_declaration.go`):
// `subscription_schema` (what a subscription stores in `properties`, and the form of a manual subscription) and
// `subscription_constructor.credentials_schema` (the API-key credentials `validate_trigger_credentials` checks).

/** One field of a provider form (`ProviderConfig`: `subscriptionSchema`, `credentialsSchema`). */
export interface FormField {
  /** The field type; it decides the value's TypeScript type. */
  type: ProviderConfigType;
  /** Label shown to users (default: the field name). */
  label?: I18nInput;
  /** Dify asks for it before saving; typed as always present. */
  required?: boolean;
  /** Value used when none is given; typed as always present. */
  default?: string | number | boolean;
  /** Options of a `select` field; their values type the field. */
  options?: ReadonlyArray<{ value: string; label?: I18nInput }>;
  /** Help text under the field. */
  help?: I18nInput;
  /** A link shown with the field (where to find a token, ...). */
  url?: string;
  /** Placeholder text. */
  placeholder?: I18nInput;
  /** `model-selector`: model types; `app-selector`: app modes. */
  scope?: string;
}

/** Form fields keyed by name, in form order. */
export type FormSchema = Readonly<Record<string, FormField>>;

/** The TypeScript type of one form field's value. */
export type FormFieldValue<F extends FormField> = F extends { type: "boolean" }
  ? boolean
  : F extends { type: "select"; options: ReadonlyArray<{ value: infer V }> }
    ? V
    : F extends { type: "model-selector" }
      ? ModelSelectorValue
      : F extends { type: "app-selector" }
        ? AppSelectorValue
        : F extends { type: "array[tools]" }
          ? unknown[]
          : string;

type AlwaysPresent<F> = F extends { required: true }
  ? true
  : F extends { default: string | number | boolean }
    ? true
    : false;

/** Flattens an intersection for readable hover types. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The values of a form: required fields and fields with a default are always present, the others optional. */
export type FormValues<S extends FormSchema> = Simplify<
  {
    readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? K : never]: FormFieldValue<S[K]>;
  } & {
    readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? never : K]?:
      | FormFieldValue<S[K]>
      | undefined;
  }
>;

const TYPES: ReadonlySet<string> = new Set(PROVIDER_CONFIG_TYPES);

/** `^[a-zA-Z0-9_-]+$`: the daemon's pattern for provider, event and field names. */
export const NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;

/** A name checked against {@link NAME_PATTERN}; throws `ValidationError` naming `field`. */
export function checkedName(name: unknown, field: string): string {
  if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
    throw new ValidationError(`must match ${NAME_PATTERN.source}, got ${JSON.stringify(name)}`, { field });
  }
  return name;
}

/** An {@link I18nInput} as declared (`{ en_US, ... }`); throws `ValidationError` when `en_US` is empty. */
export function i18n(input: I18nInput | undefined, field: string): I18nText {
  if (typeof input === "string") {
    if (input.length === 0) throw new ValidationError("must not be empty", { field });
    return { en_US: input };
  }
  if (typeof input !== "object" || input === null || typeof input.en_US !== "string" || input.en_US === "") {
    throw new ValidationError('must be a string or { en_US: "..." } with a non-empty en_US', { field });
  }
  const out: I18nText = { en_US: input.en_US };
  for (const [locale, text] of Object.entries(input)) if (typeof text === "string") out[locale] = text;
  return out;
}

/** A form as declared to the daemon (a `ProviderConfig` list, `[]` when there is none). */
export function declareForm(schema: FormSchema | undefined, field: string): ProviderConfig[] {
  if (schema === undefined) return [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ValidationError("must be an object keyed by field name", { field });
  }
  return Object.entries(schema).map(([name, spec]) => {
    const at = `${field}.${name}`;
    checkedName(name, at);
    if (!TYPES.has(spec?.type)) {
      throw new ValidationError(`type must be one of ${[...TYPES].join(", ")}`, { field: `${at}.type` });
    }
    const scope = scopeProblem(spec.type, spec.scope);
    if (scope !== undefined) throw new ValidationError(scope, { field: `${at}.scope` });
    if (spec.type === "select" && (spec.options ?? []).length === 0) {
      throw new ValidationError("a select field needs options", { field: `${at}.options` });
    }
    return {
      name,
      type: spec.type,
      scope: spec.scope ?? null,
      required: spec.required ?? false,
      default: spec.default ?? null,
      options: (spec.options ?? []).map((option, i) => ({
        value: option.value,
        label: i18n(option.label ?? option.value, `${at}.options[${i}].label`),
      })),
      label: i18n(spec.label ?? name, `${at}.label`),
      help: spec.help === undefined ? null : i18n(spec.help, `${at}.help`),
      url: spec.url ?? null,
      placeholder: spec.placeholder === undefined ? null : i18n(spec.placeholder, `${at}.placeholder`),
    };
  });
}

/** `values` with each field's `default` filled in where no value was given (Dify may omit unset fields). */
export function withDefaults(
  schema: FormSchema | undefined,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const [name, spec] of Object.entries(schema ?? {})) {
    if ((out[name] === undefined || out[name] === null) && spec.default !== undefined)
      out[name] = spec.default;
  }
  return out;
}
