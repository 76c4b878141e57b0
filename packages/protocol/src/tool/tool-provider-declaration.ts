import { z } from "zod";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";
import { OAuthSchemaDeclarationSchema } from "../oauth/schema.js";
import { PLUGIN_TAGS } from "../registration/manifest.js";
import { nonEmpty, ProviderConfigSchema, scopeProblem } from "../registration/provider-config.js";

/** What a provider or tool `identity.name` must match (`^[a-zA-Z0-9_-]+$`). */
export const IDENTITY_NAME_PATTERN: RegExp = /^[a-zA-Z0-9_-]+$/;

/** Parameter types the daemon accepts on a tool (§1.3.2). */
export const TOOL_PARAMETER_TYPES = [
  "string",
  "number",
  "boolean",
  "select",
  "secret-input",
  "file",
  "files",
  "app-selector",
  "model-selector",
  "any",
  "dynamic-select",
  "array",
  "object",
  "checkbox",
  "date",
  "date-range",
] as const;

/** Where a tool parameter is filled: in the tool's schema, by the user in a form, or by the LLM. */
export const TOOL_PARAMETER_FORMS = ["schema", "form", "llm"] as const;

/** The parameter types that may carry a `scope` (it narrows the model type or app mode). */
export const SCOPED_PARAMETER_TYPES = ["model-selector", "app-selector", "any"] as const;

const ParameterOptionSchema = lazySchema(() =>
  z.looseObject({
    value: z.string({ error: "option value must be a string" }).min(1, "option value must not be empty"),
    label: I18nTextSchema,
    icon: z.string().nullish(),
  }),
);

/** One tool parameter as the daemon decodes and validates it (§1.3.2, §9 items 2-4). */
export const ToolParameterSchema = lazySchema(() =>
  z
    .looseObject({
      name: nonEmpty("name").max(1023, "name must be shorter than 1024 characters"),
      label: I18nTextSchema,
      human_description: I18nTextSchema,
      type: z.enum(TOOL_PARAMETER_TYPES, { error: `type must be one of ${TOOL_PARAMETER_TYPES.join(", ")}` }),
      scope: z.string().max(1024).nullish(),
      form: z.enum(TOOL_PARAMETER_FORMS, { error: `form must be one of ${TOOL_PARAMETER_FORMS.join(", ")}` }),
      llm_description: z.string().nullish(),
      required: z.boolean({ error: "required must be a boolean" }).optional(),
      auto_generate: z
        .looseObject({
          type: z.literal("prompt_instruction", { error: 'type must be "prompt_instruction"' }),
        })
        .nullish(),
      template: z.looseObject({ enabled: z.boolean() }).nullish(),
      default: z.unknown().optional(),
      min: z.number({ error: "min must be a number" }).nullish(),
      max: z.number({ error: "max must be a number" }).nullish(),
      multiple: z.boolean({ error: "multiple must be a boolean" }).optional(),
      precision: z.number().int("precision must be an integer").nullish(),
      options: z.array(ParameterOptionSchema).nullish(),
      show_on: z
        .array(z.looseObject({ variable: nonEmpty("variable"), value: nonEmpty("value") }))
        .max(16, "at most 16 show_on conditions")
        .nullish(),
    })
    .superRefine((parameter, ctx) => {
      const problem = scopeProblem(parameter.type, parameter.scope);
      if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["scope"], message: problem });
    }),
);

/** One tool parameter as declared to the daemon. */
export type ToolParameterDeclaration = z.infer<typeof ToolParameterSchema>;

/** One tool of a provider. */
export const ToolDeclarationSchema = lazySchema(() =>
  z.looseObject({
    identity: z.looseObject({
      author: nonEmpty("author"),
      name: z.string().regex(IDENTITY_NAME_PATTERN, "name must match ^[a-zA-Z0-9_-]+$"),
      label: I18nTextSchema,
      icon: z.string().nullish(),
    }),
    description: z.looseObject({
      human: I18nTextSchema,
      llm: nonEmpty("description.llm (what the LLM reads to decide when to call the tool)"),
    }),
    parameters: z.array(ToolParameterSchema).nullish(),
    output_schema: z.record(z.string(), z.unknown()).nullish(),
    has_runtime_parameters: z.boolean().optional(),
  }),
);

/** One tool as declared to the daemon. */
export type ToolDeclaration = z.infer<typeof ToolDeclarationSchema>;

const CredentialsSchema = lazySchema(() =>
  z.union([z.array(ProviderConfigSchema), z.record(z.string(), ProviderConfigSchema)], {
    error: "credentials_schema must be an array (or a map) of credential fields",
  }),
);

/**
 * A tool provider declaration as sent in `tool_declaration` (§1.3.2 and §9): the provider identity, its
 * credential fields (required, `[]` when there are none) and its tools.
 */
export const ToolProviderDeclarationSchema = lazySchema(() =>
  z
    .looseObject({
      identity: z.looseObject({
        author: nonEmpty("author"),
        name: z.string().regex(IDENTITY_NAME_PATTERN, "name must match ^[a-zA-Z0-9_-]+$"),
        label: I18nTextSchema,
        description: I18nTextSchema,
        icon: nonEmpty("icon"),
        icon_dark: z.string().nullish(),
        tags: z
          .array(z.enum(PLUGIN_TAGS, { error: `tag must be one of ${PLUGIN_TAGS.join(", ")}` }))
          .nullish(),
      }),
      credentials_schema: CredentialsSchema.optional(),
      credentials_for_provider: CredentialsSchema.optional(),
      oauth_schema: OAuthSchemaDeclarationSchema.nullish(),
      tools: z.array(ToolDeclarationSchema, { error: "tools must be an array of tool declarations" }),
    })
    .superRefine((provider, ctx) => {
      if (provider.credentials_schema === undefined && provider.credentials_for_provider === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["credentials_schema"],
          message: "credentials_schema is required over remote debugging, even when empty ([])",
        });
      }
    }),
);

/** A tool provider declaration. */
export type ToolProviderDeclaration = z.infer<typeof ToolProviderDeclarationSchema>;
