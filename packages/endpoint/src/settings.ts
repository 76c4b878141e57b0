import {
  declareFormFields,
  type FormFieldValueOf,
  type FormValuesOf,
  type FormFieldInput as SettingField,
  type FormFieldsInput as SettingsSchema,
} from "@x/core/internal";
import {
  AppSelectorValueSchema,
  ModelSelectorValueSchema,
  type ProviderConfig,
  type ProviderConfigType,
  type ToolSelectorValue,
  ToolSelectorValueSchema,
} from "@x/protocol";
import { EndpointSettingsError } from "./errors.js";

/** A setting's field type: the `ProviderConfig` vocabulary of tool credentials (`array[tools]` selects tools). */
export type SettingType = ProviderConfigType;

// A setting field (`SettingField`) and the form (`SettingsSchema`) are core's shared provider form.
export type { SettingField, SettingsSchema };

/** The TypeScript type of one setting's value (`array[tools]`: the selected tools, checked). */
export type SettingValue<F extends SettingField> = FormFieldValueOf<F, ToolSelectorValue[]>;

/** The typed `settings` an endpoint receives: required settings and those with a default are always present. */
export type EndpointSettings<S extends SettingsSchema> = FormValuesOf<S, ToolSelectorValue[]>;

/**
 * Declares an endpoint group's settings form, keeping its literal types so `defineEndpoint({ settings, ... })`
 * types `context.settings`. Checks each field now; throws `ValidationError` naming it.
 */
export function defineEndpointSettings<const S extends SettingsSchema>(settings: S): S {
  declareSettings(settings);
  return settings;
}

/** The settings form as declared to the daemon (`settings` of the endpoint group, `ProviderConfig` list). */
export function declareSettings(settings: SettingsSchema | undefined): ProviderConfig[] {
  return declareFormFields(settings, { field: "settings", noun: "setting", absent: "omit" });
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
