import { ValidationError } from "@x/core";
import { parseInput } from "@x/core/internal";
import {
  type CredentialFormSchema,
  CredentialFormSchemaSchema,
  type I18nInput,
  type I18nText,
  type ModelDeclaration,
  ModelDeclarationSchema,
  type ModelType,
  type ParameterRuleSchema,
} from "@x/protocol";
import type { z } from "zod";

/**
 * A model as its definer lists it (a predefined model, or what `schema` answers for a customizable one): the
 * `ModelDeclaration` fields (`pkg/entities/plugin_entities/model_declaration.go`) except `model_type`, which the
 * definer sets; `label` defaults to the model name.
 */
export type ModelInput = Omit<
  z.input<typeof ModelDeclarationSchema>,
  "model_type" | "label" | "parameter_rules"
> & {
  /** Shown in Dify; default: `model`. */
  label?: I18nInput;
  /** Parameters users can set (`use_template: "temperature"`, or `name` + `label` + `type`). */
  parameter_rules?: ReadonlyArray<
    Omit<z.input<typeof ParameterRuleSchema>, "label" | "help"> & ParameterRuleTexts
  >;
};

/** The texts of a parameter rule, as strings or localised objects. */
interface ParameterRuleTexts {
  label?: I18nInput;
  help?: I18nInput;
}

/** A localised text from a string (English) or a `{ en_US, ... }` object. */
export function toI18n(input: I18nInput): I18nText {
  return typeof input === "string" ? { en_US: input } : ({ ...input } as I18nText);
}

/** @internal The checked declaration of one model of type `modelType`; throws `ValidationError` naming `field`. */
export function declareModel(input: ModelInput, modelType: ModelType, field: string): ModelDeclaration {
  if (typeof input !== "object" || input === null)
    throw new ValidationError("must be a model object", { field });
  const { label, parameter_rules, ...rest } = input;
  const declaration = {
    ...rest,
    label: toI18n(label ?? input.model),
    model_type: modelType,
    ...(parameter_rules === undefined
      ? {}
      : {
          parameter_rules: parameter_rules.map(({ label: ruleLabel, help, ...rule }) => ({
            ...rule,
            ...(ruleLabel === undefined ? {} : { label: toI18n(ruleLabel) }),
            ...(help === undefined ? {} : { help: toI18n(help) }),
          })),
        }),
  };
  return parseInput(ModelDeclarationSchema, declaration, {
    what: `model ${String(input.model)}`,
    fieldPrefix: field,
  });
}

/** One condition of `showOn`: show the field when `variable` (e.g. `__model_type`) has `value`. */
export interface ShowOnInput {
  /** Another field's variable, or `__model_type`. */
  variable: string;
  /** The value it must have. */
  value: string;
}

/** One credential form field, keyed by its variable in {@link CredentialFieldsInput}. */
export interface CredentialFieldInput {
  /** `text-input`, `secret-input` (stored encrypted, never log it), `select`, `radio` or `switch`. */
  type: CredentialFormSchema["type"];
  /** Shown in Dify; default: the variable. */
  label?: I18nInput;
  /** Whether Dify requires a value. */
  required?: boolean;
  /** Default value (text). */
  default?: string;
  /** Choices of a `select` / `radio` field. */
  options?: ReadonlyArray<{ value: string; label?: I18nInput; showOn?: readonly ShowOnInput[] }>;
  /** Help text. */
  help?: I18nInput;
  /** Where to get the value (e.g. the API-keys page). */
  url?: string;
  /** Placeholder text. */
  placeholder?: I18nInput;
  /** Maximum length of the value. */
  maxLength?: number;
  /** Show the field only under these conditions. */
  showOn?: readonly ShowOnInput[];
}

/** Credential form fields by variable name, in order. */
export type CredentialFieldsInput = Readonly<Record<string, CredentialFieldInput>>;

/** @internal The `credential_form_schemas` of `fields`; throws `ValidationError` naming the field. */
export function declareCredentialFields(
  fields: CredentialFieldsInput,
  field: string,
): CredentialFormSchema[] {
  if (typeof fields !== "object" || fields === null) {
    throw new ValidationError("must map variable names to fields", { field });
  }
  return Object.entries(fields).map(([variable, input]) => {
    const schema = {
      variable,
      label: toI18n(input.label ?? variable),
      type: input.type,
      required: input.required ?? false,
      ...(input.default === undefined ? {} : { default: input.default }),
      options: (input.options ?? []).map((option) => ({
        value: option.value,
        label: toI18n(option.label ?? option.value),
        show_on: [...(option.showOn ?? [])],
      })),
      ...(input.help === undefined ? {} : { help: toI18n(input.help) }),
      ...(input.url === undefined ? {} : { url: input.url }),
      ...(input.placeholder === undefined ? {} : { placeholder: toI18n(input.placeholder) }),
      ...(input.maxLength === undefined ? {} : { max_length: input.maxLength }),
      show_on: [...(input.showOn ?? [])],
    };
    return parseInput(CredentialFormSchemaSchema, schema, {
      what: `credential field ${variable}`,
      fieldPrefix: `${field}.${variable}`,
    });
  });
}
