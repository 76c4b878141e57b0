import { ValidationError } from "@x/core";
import {
  type AppSelectorValue,
  AppSelectorValueSchema,
  type I18nInput,
  type I18nText,
  type ModelSelectorValue,
  ModelSelectorValueSchema,
  PROVIDER_CONFIG_TYPES,
  type ProviderConfig,
  type ProviderConfigType,
  scopeProblem,
  type ToolSelectorValue,
  ToolSelectorValueSchema,
} from "@x/protocol";
import { EndpointSettingsError } from "./errors.js";

/** A setting's field type: the `ProviderConfig` vocabulary of tool credentials (`array[tools]` selects tools). */
export type SettingType = ProviderConfigType;

/** One field of an endpoint group's settings form (`ProviderConfig`). */
export interface SettingField {
  /** The field type; it decides the value's TypeScript type in `context.settings`. */
  type: SettingType;
  /** Label shown to users (default: the field name). */
  label?: I18nInput;
  /** Dify asks for it before the endpoint can be saved; typed as always present. */
  required?: boolean;
  /** Value used when Dify sends none; typed as always present. */
  default?: string | number | boolean;
  /** Options of a `select` field; their values type the setting. */
  options?: ReadonlyArray<{ value: string; label?: I18nInput }>;
  /** Help text under the field. */
  help?: I18nInput;
  /** A link shown with the field (where to get a token, ...). */
  url?: string;
  /** Placeholder text. */
  placeholder?: I18nInput;
  /** `model-selector`: model types (`llm`, `text-embedding&vision`...); `app-selector`: app modes (`chat`...). */
  scope?: string;
}

/** Setting fields keyed by name, in form order. */
export type SettingsSchema = Readonly<Record<string, SettingField>>;

/** The TypeScript type of one setting's value. */
export type SettingValue<F extends SettingField> = F extends { type: "boolean" }
  ? boolean
  : F extends { type: "select"; options: ReadonlyArray<{ value: infer V }> }
    ? V
    : F extends { type: "model-selector" }
      ? ModelSelectorValue
      : F extends { type: "app-selector" }
        ? AppSelectorValue
        : F extends { type: "array[tools]" }
          ? ToolSelectorValue[]
          : string;

type AlwaysPresent<F> = F extends { required: true }
  ? true
  : F extends { default: string | number | boolean }
    ? true
    : false;

type Simplify<T> = { [K in keyof T]: T[K] };

/** The typed `settings` an endpoint receives: required settings and those with a default are always present. */
export type EndpointSettings<S extends SettingsSchema> = Simplify<
  {
    readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? K : never]: SettingValue<S[K]>;
  } & {
    readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? never : K]?: SettingValue<S[K]> | undefined;
  }
>;

/**
 * Declares an endpoint group's settings form, keeping its literal types so `defineEndpoint({ settings, ... })`
 * types `context.settings`. Checks each field now; throws `ValidationError` naming it.
 */
export function defineEndpointSettings<const S extends SettingsSchema>(settings: S): S {
  declareSettings(settings);
  return settings;
}

const TYPES: ReadonlySet<string> = new Set(PROVIDER_CONFIG_TYPES);
const NAME = /^[a-zA-Z0-9_-]+$/;

function i18n(input: I18nInput | undefined, field: string): I18nText {
  if (typeof input === "string") {
    if (input.length === 0) throw new ValidationError("must not be empty", { field });
    return { en_US: input };
  }
  if (typeof input !== "object" || input === null || typeof input.en_US !== "string" || input.en_US === "") {
    throw new ValidationError('must be a string or { en_US: "..." } with a non-empty en_US', { field });
  }
  return { ...input };
}

/** The settings form as declared to the daemon (`settings` of the endpoint group, `ProviderConfig` list). */
export function declareSettings(settings: SettingsSchema | undefined): ProviderConfig[] {
  if (settings === undefined) return [];
  if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
    throw new ValidationError("must be an object keyed by setting name", { field: "settings" });
  }
  return Object.entries(settings).map(([name, field]) => {
    const at = `settings.${name}`;
    if (!NAME.test(name)) throw new ValidationError(`must match ${NAME.source}`, { field: at });
    if (!TYPES.has(field?.type)) {
      throw new ValidationError(`type must be one of ${[...TYPES].join(", ")}`, { field: `${at}.type` });
    }
    const scope = scopeProblem(field.type, field.scope);
    if (scope !== undefined) throw new ValidationError(scope, { field: `${at}.scope` });
    if (field.type === "select" && (field.options ?? []).length === 0) {
      throw new ValidationError("a select setting needs options", { field: `${at}.options` });
    }
    const declared: ProviderConfig = {
      name,
      type: field.type,
      required: field.required ?? false,
      label: i18n(field.label ?? name, `${at}.label`),
    };
    if (field.scope !== undefined) declared.scope = field.scope;
    if (field.default !== undefined) declared.default = field.default;
    if (field.options !== undefined) {
      declared.options = field.options.map((option, i) => ({
        value: option.value,
        label: i18n(option.label ?? option.value, `${at}.options[${i}].label`),
      }));
    }
    if (field.help !== undefined) declared.help = i18n(field.help, `${at}.help`);
    if (field.url !== undefined) declared.url = field.url;
    if (field.placeholder !== undefined) declared.placeholder = i18n(field.placeholder, `${at}.placeholder`);
    return declared;
  });
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/**
 * Reads the decrypted `settings` of a request against the form: fills defaults, checks required ones and each
 * value's type (`boolean` also accepts `"true"` / `"false"`), keeps settings the form does not know. Throws
 * {@link EndpointSettingsError} naming the setting, never its value.
 */
export function readSettings(
  schema: SettingsSchema | undefined,
  raw: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [name, field] of Object.entries(schema ?? {})) {
    let value = raw[name];
    if (absent(value) && field.default !== undefined) value = field.default;
    if (absent(value)) {
      if (field.required) throw new EndpointSettingsError(name, "is required, but Dify sent no value");
      delete out[name];
      continue;
    }
    out[name] = settingValue(name, field, value);
  }
  return out;
}

function settingValue(name: string, field: SettingField, value: unknown): unknown {
  switch (field.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === 1) return true;
      if (value === "false" || value === 0) return false;
      throw new EndpointSettingsError(name, `must be a boolean, got ${kind(value)}`);
    case "model-selector":
    case "app-selector": {
      const schema = field.type === "model-selector" ? ModelSelectorValueSchema : AppSelectorValueSchema;
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        throw new EndpointSettingsError(
          name,
          parsed.error.issues[0]?.message ?? `is not a ${field.type} value`,
        );
      }
      return parsed.data;
    }
    case "array[tools]": {
      if (!Array.isArray(value))
        throw new EndpointSettingsError(name, `must be a list of tools, got ${kind(value)}`);
      return value.map((tool, i) => {
        const parsed = ToolSelectorValueSchema.safeParse(tool);
        if (!parsed.success) {
          throw new EndpointSettingsError(
            `${name}[${i}]`,
            parsed.error.issues[0]?.message ?? "is not a tool",
          );
        }
        return parsed.data;
      });
    }
    case "select":
      if (typeof value !== "string")
        throw new EndpointSettingsError(name, `must be a string, got ${kind(value)}`);
      return value;
    default:
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      if (typeof value !== "string")
        throw new EndpointSettingsError(name, `must be text, got ${kind(value)}`);
      return value;
  }
}

function kind(value: unknown): string {
  return Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`;
}

/** Mask shown instead of a setting's value in error texts. */
export const SETTING_MASK = "******";

/**
 * Replaces, in `text`, every value of a `secret-input` setting and of any setting the form does not declare with
 * {@link SETTING_MASK}, so an error message that quotes one (an API client echoing its token) leaks nothing.
 */
export function maskSettings(
  text: string,
  schema: SettingsSchema | undefined,
  settings: Readonly<Record<string, unknown>>,
): string {
  const secrets = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === "string" && value.length >= 4) secrets.add(value);
    else if (typeof value === "number" && String(value).length >= 4) secrets.add(String(value));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  for (const [name, value] of Object.entries(settings)) {
    const field = schema?.[name];
    if (field === undefined || field.type === "secret-input") collect(value);
  }
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    out = out.split(secret).join(SETTING_MASK);
  return out;
}
