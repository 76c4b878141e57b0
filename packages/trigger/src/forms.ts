import {
  declareFormFields,
  type FormFieldInput as FormField,
  type FormFieldValueOf,
  type FormFieldsInput as FormSchema,
  type FormValuesOf,
} from "@x/core/internal";
import type { ProviderConfig } from "@x/protocol";

// The two `ProviderConfig` forms of a trigger provider (`pkg/entities/plugin_entities/trigger_declaration.go`):
// `subscription_schema` (what a subscription stores in `properties`, and the form of a manual subscription) and
// `subscription_constructor.credentials_schema` (the API-key credentials `validate_trigger_credentials` checks).
// Both are core's shared provider form (`declareFormFields`).

export type { FormField, FormSchema };

/** The TypeScript type of one form field's value (`array[tools]`: the list Dify stored, unchecked). */
export type FormFieldValue<F extends FormField> = FormFieldValueOf<F, unknown[]>;

/** The values of a form: required fields and fields with a default are always present, the others optional. */
export type FormValues<S extends FormSchema> = FormValuesOf<S, unknown[]>;

/** A form as declared to the daemon (a `ProviderConfig` list, `[]` when there is none). */
export function declareForm(schema: FormSchema | undefined, field: string): ProviderConfig[] {
  return declareFormFields(schema, { field });
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
