import { ValidationError } from "@x/core";
import { PROVIDER_CONFIG_TYPES, type ProviderConfig, type ProviderConfigType } from "@x/protocol";
import type { I18nInput } from "./i18n.js";
import { checkedI18n, checkedName } from "./tool-declaration.js";

/** Field types of a credential form (the daemon's `ProviderConfig` types; `array[tools]` selects tools). */
export type CredentialFieldType = ProviderConfigType;

/** One credential field (`ProviderConfig`). */
export interface CredentialField {
  type: CredentialFieldType;
  /** Label shown to users (default: the field name). */
  label?: I18nInput;
  required?: boolean;
  default?: string | number | boolean;
  /** Options of a `select` field. */
  options?: ReadonlyArray<{ value: string; label?: I18nInput }>;
  /** Help text under the field. */
  help?: I18nInput;
  /** Where to get the credential (shown as a link). */
  url?: string;
  placeholder?: I18nInput;
  scope?: string;
}

/** Credential fields keyed by name, in order. */
export type CredentialsSchemaInput = Readonly<Record<string, CredentialField>>;

/** The value type of one credential field: text for `secret-input` / `text-input` / `select`, else as stored. */
export type CredentialFieldValue<F extends CredentialField> = F["type"] extends
  | "secret-input"
  | "text-input"
  | "select"
  ? string
  : F["type"] extends "boolean"
    ? boolean
    : unknown;

/**
 * The values of a credentials schema as a handler reads them: a `required: true` field is present, the others may
 * be missing. Values are what Dify stored; never log them.
 */
export type CredentialValuesOf<S extends CredentialsSchemaInput> = {
  readonly [K in keyof S as S[K] extends { required: true } ? K : never]: CredentialFieldValue<S[K]>;
} & {
  readonly [K in keyof S as S[K] extends { required: true } ? never : K]?:
    | CredentialFieldValue<S[K]>
    | undefined;
} & Readonly<Record<string, unknown>>;

/** A credential field as declared to the daemon: the protocol's `ProviderConfig`. */
export type CredentialFieldDeclaration = ProviderConfig;

const FIELD_TYPES: ReadonlySet<string> = new Set(PROVIDER_CONFIG_TYPES);

/** Turns a credentials schema into the declared array (`[]` when there is none; the daemon needs the key). */
export function declareCredentials(
  schema: CredentialsSchemaInput | undefined,
  field: string,
): CredentialFieldDeclaration[] {
  if (schema === undefined) return [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ValidationError("must be an object keyed by credential name", { field });
  }
  return Object.entries(schema).map(([name, f]) => {
    const at = `${field}.${name}`;
    checkedName(name, at);
    if (!FIELD_TYPES.has(f?.type)) {
      throw new ValidationError(`type must be one of ${[...FIELD_TYPES].join(", ")}`, {
        field: `${at}.type`,
      });
    }
    return {
      name,
      type: f.type,
      scope: f.scope ?? null,
      required: f.required ?? false,
      default: f.default ?? null,
      options: (f.options ?? []).map((o, i) => ({
        value: o.value,
        label: checkedI18n(o.label ?? o.value, `${at}.options[${i}].label`),
      })),
      label: checkedI18n(f.label ?? name, `${at}.label`),
      help: f.help === undefined ? null : checkedI18n(f.help, `${at}.help`),
      url: f.url ?? null,
      placeholder: f.placeholder === undefined ? null : checkedI18n(f.placeholder, `${at}.placeholder`),
    };
  });
}
