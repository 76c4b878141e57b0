import type { AppSelectorValue, I18nInput, ModelSelectorValue, ProviderConfigType } from "@x/protocol";

// The one way the SDK's packages take a provider form (tool and datasource credentials, endpoint settings, trigger
// subscription and credential forms, OAuth client / credential schemas): fields keyed by name, declared to the
// daemon as a `ProviderConfig` list (`pkg/entities/plugin_entities/config.go`). Every kind uses the same
// `ProviderConfig` and the same `credential_type` vocabulary, so no kind restricts the field types.

/** One field of a provider form (`ProviderConfig`), keyed by its name in {@link FormFieldsInput}. */
export interface FormFieldInput {
  /** The field type (`credential_type`); it decides the value's TypeScript type. */
  type: ProviderConfigType;
  /** Label shown to users (default: the field name). */
  label?: I18nInput;
  /** Dify asks for a value before saving; a typed form types it as always present. */
  required?: boolean;
  /** Value used when none is given; a typed form types it as always present. */
  default?: string | number | boolean;
  /** Options of a `select` field; their values type the field where the form is typed by options. */
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

/** Form fields keyed by name, in form order. */
export type FormFieldsInput = Readonly<Record<string, FormFieldInput>>;

/**
 * The TypeScript type of one field's value in a form whose values are checked (endpoint settings, trigger forms):
 * `boolean`, a `select`'s option values, the selector objects, `Tools` for `array[tools]`, else `string`.
 */
export type FormFieldValueOf<F extends FormFieldInput, Tools = unknown[]> = F extends { type: "boolean" }
  ? boolean
  : F extends { type: "select"; options: ReadonlyArray<{ value: infer V }> }
    ? V
    : F extends { type: "model-selector" }
      ? ModelSelectorValue
      : F extends { type: "app-selector" }
        ? AppSelectorValue
        : F extends { type: "array[tools]" }
          ? Tools
          : string;

type AlwaysPresent<F> = F extends { required: true }
  ? true
  : F extends { default: string | number | boolean }
    ? true
    : false;

/** Flattens an intersection for readable hover types. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The values of a form: required fields and fields with a default are always present, the others optional. */
export type FormValuesOf<S extends FormFieldsInput, Tools = unknown[]> = Simplify<
  {
    readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? K : never]: FormFieldValueOf<S[K], Tools>;
  } & {
    readonly [K in keyof S as AlwaysPresent<S[K]> extends true ? never : K]?:
      | FormFieldValueOf<S[K], Tools>
      | undefined;
  }
>;
