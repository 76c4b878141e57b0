import { z } from "zod";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";
import { DecimalSchema } from "../model/usage.js";
import { MODEL_TYPES, ModelTypeSchema } from "./request.js";

// The `model_declaration` a model plugin registers (§1.3.2) and the `model_schema` of `get_ai_model_schemas`, as
// strict as `pkg/entities/plugin_entities/model_declaration.go` validates them (`lt=256` is "shorter than 256",
// `lte=N` "at most N items").

const short = (what: string) =>
  z.string({ error: `${what} is required` }).max(255, `${what} must be shorter than 256 characters`);
const nonEmptyShort = (what: string) => short(what).min(1, `${what} must not be empty`);

/** `predefined-model` (declared up front) or `customizable-model` (the user names the model; §2.3). */
export const CONFIGURATE_METHODS = ["predefined-model", "customizable-model"] as const;

/** How a model is configured. */
export type ConfigurateMethod = (typeof CONFIGURATE_METHODS)[number];

/** The parameter templates `use_template` may name (`PARAMETER_RULE_TEMPLATE`). */
export const PARAMETER_RULE_TEMPLATES = [
  "temperature",
  "top_p",
  "top_k",
  "presence_penalty",
  "frequency_penalty",
  "max_tokens",
  "response_format",
  "json_schema",
] as const;

/** Types of a model parameter (`ModelParameterType`). */
export const MODEL_PARAMETER_TYPES = ["float", "int", "string", "boolean", "text"] as const;

/**
 * One model parameter rule (`ModelParameterRule`): without `use_template` both `label` and `type` are required
 * (`parameter_rule`); `default` must be a string, number or boolean (`is_basic_type`).
 */
export const ParameterRuleSchema = lazySchema(() =>
  z
    .object({
      name: nonEmptyShort("parameter_rules[].name"),
      use_template: z
        .enum(PARAMETER_RULE_TEMPLATES, {
          error: `use_template must be one of ${PARAMETER_RULE_TEMPLATES.join(", ")}`,
        })
        .optional(),
      label: I18nTextSchema.optional(),
      type: z
        .enum(MODEL_PARAMETER_TYPES, { error: `type must be one of ${MODEL_PARAMETER_TYPES.join(", ")}` })
        .optional(),
      help: I18nTextSchema.optional(),
      required: z.boolean().optional(),
      default: z.union([z.string(), z.number(), z.boolean()]).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      precision: z.number().int().optional(),
      options: z.array(short("options[]")).optional(),
    })
    .refine(
      (rule) => rule.use_template !== undefined || (rule.label !== undefined && rule.type !== undefined),
      {
        message: "a parameter rule without use_template needs label and type",
      },
    ),
);
/** A parameter rule. */
export type ParameterRule = z.output<typeof ParameterRuleSchema>;

/** Prices of a model (`ModelPriceConfig`): `input`, `unit` and `currency` required, `output` optional. */
export const ModelPricingSchema = lazySchema(() =>
  z.object({
    input: DecimalSchema,
    output: DecimalSchema.optional(),
    unit: DecimalSchema,
    currency: z
      .string({ error: "pricing.currency is required" })
      .min(1, "pricing.currency must not be empty"),
  }),
);
/** Prices of a model. */
export type ModelPricing = z.output<typeof ModelPricingSchema>;

/** One model (`ModelDeclaration`, the Python SDK's `AIModelEntity`). */
export const ModelDeclarationSchema = lazySchema(() =>
  z.object({
    model: nonEmptyShort("model"),
    label: I18nTextSchema,
    model_type: ModelTypeSchema,
    /** `tool-call`, `multi-tool-call`, `stream-tool-call`, `agent-thought`, `vision`, `document`, ... */
    features: z.array(short("features[]")).max(256, "at most 256 features").optional(),
    fetch_from: z.enum(CONFIGURATE_METHODS).optional(),
    /** `mode` (`chat` / `completion`) and `context_size` for LLMs; `voices`, `default_voice`... for TTS. */
    model_properties: z.record(z.string(), z.unknown()).optional(),
    deprecated: z.boolean().optional(),
    parameter_rules: z.array(ParameterRuleSchema).max(128, "at most 128 parameter rules").optional(),
    pricing: ModelPricingSchema.nullish(),
  }),
);
/** A model declaration. */
export type ModelDeclaration = z.output<typeof ModelDeclarationSchema>;

/** Form field types of a model provider's credential form (`ModelProviderFormType`). */
export const MODEL_CREDENTIAL_FORM_TYPES = [
  "text-input",
  "secret-input",
  "select",
  "radio",
  "switch",
] as const;

/** `show_on`: show a field only when another field has a value (`__model_type` is the model type). */
export const ShowOnSchema = lazySchema(() =>
  z.object({
    variable: nonEmptyShort("show_on[].variable"),
    value: nonEmptyShort("show_on[].value"),
  }),
);

/** One credential form field (`ModelProviderCredentialFormSchema`). */
export const CredentialFormSchemaSchema = lazySchema(() =>
  z.object({
    variable: nonEmptyShort("variable"),
    label: I18nTextSchema,
    type: z.enum(MODEL_CREDENTIAL_FORM_TYPES, {
      error: `type must be one of ${MODEL_CREDENTIAL_FORM_TYPES.join(", ")}`,
    }),
    required: z.boolean().optional(),
    default: short("default").optional(),
    options: z
      .array(
        z.object({
          label: I18nTextSchema,
          value: nonEmptyShort("options[].value"),
          show_on: z.array(ShowOnSchema).max(16).optional(),
        }),
      )
      .max(128, "at most 128 options")
      .optional(),
    help: I18nTextSchema.optional(),
    url: z.string().optional(),
    placeholder: I18nTextSchema.optional(),
    max_length: z.number().int().optional(),
    show_on: z.array(ShowOnSchema).max(16, "at most 16 show_on conditions").optional(),
  }),
);
/** A credential form field. */
export type CredentialFormSchema = z.output<typeof CredentialFormSchemaSchema>;

const FormSchemas = lazySchema(() =>
  z.array(CredentialFormSchemaSchema).max(32, "at most 32 credential fields"),
);

/** `position`: model order per type, as `_position.yaml` files give it (`ModelPosition`). */
export const ModelPositionSchema = lazySchema(() =>
  z.object({
    llm: z.array(z.string()).optional(),
    text_embedding: z.array(z.string()).optional(),
    rerank: z.array(z.string()).optional(),
    tts: z.array(z.string()).optional(),
    speech2text: z.array(z.string()).optional(),
    moderation: z.array(z.string()).optional(),
  }),
);

/** A model provider (`ModelProviderDeclaration`): the `model_declaration` a model plugin registers (§1.3.2). */
export const ModelProviderDeclarationSchema = lazySchema(() =>
  z.object({
    provider: nonEmptyShort("provider"),
    label: I18nTextSchema,
    description: I18nTextSchema.optional(),
    icon_small: I18nTextSchema.optional(),
    icon_large: I18nTextSchema.optional(),
    icon_small_dark: I18nTextSchema.optional(),
    icon_large_dark: I18nTextSchema.optional(),
    background: z.string().optional(),
    help: z.object({ title: I18nTextSchema, url: I18nTextSchema }).optional(),
    supported_model_types: z
      .array(ModelTypeSchema, { error: "supported_model_types is required" })
      .max(16)
      .min(1, `supported_model_types needs at least one of ${MODEL_TYPES.join(", ")}`),
    configurate_methods: z
      .array(z.enum(CONFIGURATE_METHODS), { error: "configurate_methods is required" })
      .max(16)
      .min(1, "configurate_methods needs predefined-model and/or customizable-model"),
    provider_credential_schema: z.object({ credential_form_schemas: FormSchemas }).optional(),
    model_credential_schema: z
      .object({
        model: z.object({ label: I18nTextSchema, placeholder: I18nTextSchema.optional() }),
        credential_form_schemas: FormSchemas,
      })
      .optional(),
    position: ModelPositionSchema.optional(),
    models: z.array(ModelDeclarationSchema),
  }),
);
/** A model provider declaration. */
export type ModelProviderDeclaration = z.output<typeof ModelProviderDeclarationSchema>;
