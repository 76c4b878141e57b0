import {
  type I18nInput,
  type I18nText,
  IDENTITY_NAME_PATTERN,
  PROVIDER_CONFIG_TYPES,
  type ProviderConfig,
  scopeProblem,
} from "@x/protocol";
import { ValidationError } from "../errors/validation-error.js";
import type { FormFieldsInput } from "./form-fields.js";

/** A provider, tool, event or form field name checked against `IDENTITY_NAME_PATTERN`; throws `ValidationError`. */
export function checkedIdentityName(name: unknown, field: string): string {
  if (typeof name !== "string" || !IDENTITY_NAME_PATTERN.test(name)) {
    throw new ValidationError(`must match ${IDENTITY_NAME_PATTERN.source}, got ${JSON.stringify(name)}`, {
      field,
    });
  }
  return name;
}

/** An {@link I18nInput} as declared (`{ en_US, ... }`, the given locales only); throws when `en_US` is empty. */
export function formI18n(input: I18nInput | undefined, field: string): I18nText {
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

/** How {@link declareFormFields} words and shapes a package's form; only `field` is required. */
export interface DeclareFormOptions {
  /** Where the form sits in the definition, for error messages (`settings`, `oauth.clientSchema`, ...). */
  field: string;
  /** What the package calls a field in error messages (`setting`, `credential`); default `field`. */
  noun?: string;
  /**
   * Optional keys the author left out: `null` (the Python SDK's dump: `scope: null`, `options: []`, ...) or
   * `omit` (left out of the object). The daemon reads both alike (pointer and `omitempty` fields).
   */
  absent?: "null" | "omit";
  /** Turns a label, help or placeholder into the declared text; default {@link formI18n}. */
  i18n?: (input: I18nInput, field: string) => I18nText;
}

const TYPES: ReadonlySet<string> = new Set(PROVIDER_CONFIG_TYPES);

/**
 * A form as declared to the daemon: a `ProviderConfig` list (`[]` without a form, the daemon needs the key).
 * Checks what the daemon's validator checks before the daemon sees it (`pkg/entities/plugin_entities/config.go`:
 * names, `credential_type`, `is_scope`) and refuses a `select` without options; throws `ValidationError` naming
 * `<field>.<name>...`.
 */
export function declareFormFields(
  schema: FormFieldsInput | undefined,
  options: DeclareFormOptions,
): ProviderConfig[] {
  const { field, noun = "field", absent = "null", i18n = formI18n } = options;
  if (schema === undefined) return [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ValidationError(`must be an object keyed by ${noun} name`, { field });
  }
  const orNull = <T>(value: T | undefined): T | null | undefined =>
    value === undefined && absent === "null" ? null : value;
  return Object.entries(schema).map(([name, spec]) => {
    const at = `${field}.${name}`;
    checkedIdentityName(name, at);
    if (!TYPES.has(spec?.type)) {
      throw new ValidationError(`type must be one of ${[...TYPES].join(", ")}`, { field: `${at}.type` });
    }
    const scope = scopeProblem(spec.type, spec.scope);
    if (scope !== undefined) throw new ValidationError(scope, { field: `${at}.scope` });
    if (spec.type === "select" && (spec.options ?? []).length === 0) {
      throw new ValidationError(`a select ${noun} needs options`, { field: `${at}.options` });
    }
    const declared: ProviderConfig = {
      name,
      type: spec.type,
      scope: orNull(spec.scope),
      required: spec.required ?? false,
      default: orNull(spec.default),
      options:
        spec.options === undefined && absent === "omit"
          ? undefined
          : (spec.options ?? []).map((option, i) => ({
              value: option.value,
              label: i18n(option.label ?? option.value, `${at}.options[${i}].label`),
            })),
      label: i18n(spec.label ?? name, `${at}.label`),
      help: orNull(spec.help === undefined ? undefined : i18n(spec.help, `${at}.help`)),
      url: orNull(spec.url),
      placeholder: orNull(
        spec.placeholder === undefined ? undefined : i18n(spec.placeholder, `${at}.placeholder`),
      ),
    };
    return absent === "omit" ? withoutUndefined(declared) : declared;
  });
}

function withoutUndefined<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)) as T;
}
