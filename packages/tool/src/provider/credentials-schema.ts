import {
  type FormFieldInput as CredentialField,
  type FormFieldsInput as CredentialsSchemaInput,
  declareFormFields,
  type OAuthFieldValue,
  type OAuthValuesOf,
} from "@x/core/internal";
import type { ProviderConfig, ProviderConfigType } from "@x/protocol";
import { checkedI18n } from "./tool-declaration.js";

// A tool provider's credential forms (`credentials_schema`, `oauth_schema`) are core's shared provider form
// (`declareFormFields`), declared with this package's texts (every locale filled in, `checkedI18n`).

/** Field types of a credential form (the daemon's `ProviderConfig` types; `array[tools]` selects tools). */
export type CredentialFieldType = ProviderConfigType;

// A credential field (`CredentialField`) and the form (`CredentialsSchemaInput`) are core's shared provider form.
export type { CredentialField, CredentialsSchemaInput };

/** The value type of one credential field: text for `secret-input` / `text-input` / `select`, else as stored. */
export type CredentialFieldValue<F extends CredentialField> = OAuthFieldValue<F>;

/**
 * The values of a credentials schema as a handler reads them: a `required: true` field is present, the others may
 * be missing. Values are what Dify stored; never log them.
 */
export type CredentialValuesOf<S extends CredentialsSchemaInput> = OAuthValuesOf<S>;

/** A credential field as declared to the daemon: the protocol's `ProviderConfig`. */
export type CredentialFieldDeclaration = ProviderConfig;

/** Turns a credentials schema into the declared array (`[]` when there is none; the daemon needs the key). */
export function declareCredentials(
  schema: CredentialsSchemaInput | undefined,
  field: string,
): CredentialFieldDeclaration[] {
  return declareFormFields(schema, { field, noun: "credential", i18n: checkedI18n });
}
