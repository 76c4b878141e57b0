import { z } from "zod";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";
import { OAuthSchemaDeclarationSchema } from "../oauth/schema.js";
import { PLUGIN_TAGS } from "../registration/manifest.js";
import { BasicValueSchema, nonEmpty, ProviderConfigSchema } from "../registration/provider-config.js";

// The `datasource_declaration` frame (§1.3.2) carries an array of these; the daemon keeps element [0]
// (`pkg/entities/plugin_entities/datasource_declaration.go`, `internal/core/debugging_runtime/
// runtime_intialization_handlers.go`). Decoding and validation, as the daemon does them:
// - Each entry of `datasources` is decoded on its own; one that fails to decode (a wrong JSON type anywhere inside
//   it, or a file path string) is silently dropped. These schemas refuse it instead.
// - Then the validator runs on the whole provider; any failure rejects the frame with
//   `datasources register failed, invalid datasources declaration: ...`.
// - At `end`, `identity.icon` and every datasource's `identity.icon` must name an uploaded asset.
// Unlike tool and trigger providers, names are not pattern-checked and the manifest's description is never copied
// into an empty provider description.

/** The kinds of datasource provider (`provider_type`, the daemon's `datasource_provider_type` rule). */
export const DATASOURCE_PROVIDER_TYPES = ["website_crawl", "online_document", "online_drive"] as const;

/** A datasource provider kind. */
export type DatasourceProviderType = (typeof DATASOURCE_PROVIDER_TYPES)[number];

/**
 * Parameter types the daemon accepts on a datasource (`datasource_parameter_type`). The Python SDK also lists
 * `file` and `files`; the daemon refuses them.
 */
export const DATASOURCE_PARAMETER_TYPES = ["string", "number", "boolean", "select", "secret-input"] as const;

/** A datasource parameter type. */
export type DatasourceParameterType = (typeof DATASOURCE_PARAMETER_TYPES)[number];

/** One option of a `select` datasource parameter (`ParameterOption`): `value` must be a non-empty string. */
export const DatasourceParameterOptionSchema = lazySchema(() =>
  z.looseObject({
    value: nonEmpty("option value"),
    label: I18nTextSchema,
    icon: z.string({ error: "option icon must be a string" }).nullish(),
  }),
);

/** One option of a datasource parameter. */
export type DatasourceParameterOption = z.infer<typeof DatasourceParameterOptionSchema>;

/**
 * One datasource parameter (`DatasourceParameter`): what the user fills in before the datasource runs (a crawl's
 * start URL, limits, ...). Its own struct, not the tool parameter: `description` instead of `human_description`, no
 * `form`. `default` must be a string, number or boolean (`is_basic_type`). `scope` must be null or absent: the
 * daemon's `is_scope` rule only knows provider configs, tool and agent parameters, and refuses every value here.
 * Extra keys the Python SDK sends (`placeholder`) are ignored by the daemon and kept.
 */
export const DatasourceParameterSchema = lazySchema(() =>
  z.looseObject({
    name: nonEmpty("name").max(1023, "name must be shorter than 1024 characters"),
    label: I18nTextSchema,
    type: z.enum(DATASOURCE_PARAMETER_TYPES, {
      error: `type must be one of ${DATASOURCE_PARAMETER_TYPES.join(", ")} (file and files are not accepted)`,
    }),
    scope: z
      .null({
        error: "scope must be null or absent on a datasource parameter: the daemon refuses every value",
      })
      .optional(),
    required: z.boolean({ error: "required must be a boolean" }).nullish(),
    auto_generate: z
      .looseObject({
        type: z.literal("prompt_instruction", { error: 'auto_generate.type must be "prompt_instruction"' }),
      })
      .nullish(),
    template: z
      .looseObject({ enabled: z.boolean({ error: "template.enabled must be a boolean" }) })
      .nullish(),
    default: z
      .custom<z.infer<typeof BasicValueSchema> | null>(
        (value) => value === null || BasicValueSchema.safeParse(value).success,
        "default must be a string, number or boolean (is_basic_type)",
      )
      .optional(),
    min: z.number({ error: "min must be a number" }).nullish(),
    max: z.number({ error: "max must be a number" }).nullish(),
    precision: z
      .number({ error: "precision must be a number" })
      .int("precision must be an integer")
      .nullish(),
    options: z.array(DatasourceParameterOptionSchema, { error: "options must be an array" }).nullish(),
    description: I18nTextSchema,
  }),
);

/** One datasource parameter as declared. */
export type DatasourceParameter = z.infer<typeof DatasourceParameterSchema>;

/** A datasource's identity (`DatasourceIdentity`): author, name and label required, icon optional. */
export const DatasourceIdentitySchema = lazySchema(() =>
  z.looseObject({
    author: nonEmpty("author"),
    name: nonEmpty("name"),
    label: I18nTextSchema,
    icon: z.string({ error: "icon must be a string (an uploaded asset's file name)" }).nullish(),
  }),
);

/** A datasource's identity. */
export type DatasourceIdentity = z.infer<typeof DatasourceIdentitySchema>;

/**
 * One datasource of a provider (`DatasourceDeclaration`): identity, `parameters` (required: an array, `[]` when
 * there are none; `null` fails the daemon's `required`), description, and an optional JSON Schema of its output.
 */
export const DatasourceDeclarationSchema = lazySchema(() =>
  z.looseObject({
    identity: DatasourceIdentitySchema,
    parameters: z.array(DatasourceParameterSchema, {
      error: "parameters is required: an array of parameters ([] when there are none), not null",
    }),
    description: I18nTextSchema,
    output_schema: z.record(z.string(), z.unknown(), { error: "output_schema must be an object" }).nullish(),
  }),
);

/** One datasource as declared. */
export type DatasourceDeclaration = z.infer<typeof DatasourceDeclarationSchema>;

/**
 * A datasource provider's identity (`DatasourceProviderIdentity`): author, name, description, icon and label are
 * required; tags come from the manifest tag list.
 */
export const DatasourceProviderIdentitySchema = lazySchema(() =>
  z.looseObject({
    author: nonEmpty("author"),
    name: nonEmpty("name"),
    description: I18nTextSchema,
    icon: nonEmpty("icon"),
    label: I18nTextSchema,
    tags: z
      .array(z.enum(PLUGIN_TAGS, { error: `tag must be one of ${PLUGIN_TAGS.join(", ")}` }), {
        error: "tags must be an array",
      })
      .nullish(),
  }),
);

/** A datasource provider's identity. */
export type DatasourceProviderIdentity = z.infer<typeof DatasourceProviderIdentitySchema>;

/**
 * A datasource provider declaration as sent in `datasource_declaration` (`DatasourceProviderDeclaration`):
 * identity, credential fields (an array; the map form is YAML-only), an optional `oauth_schema`, the provider type
 * and its datasources (absent or `null` is read as `[]` by the daemon).
 */
export const DatasourceProviderDeclarationSchema = lazySchema(() =>
  z.looseObject({
    identity: DatasourceProviderIdentitySchema,
    credentials_schema: z
      .array(ProviderConfigSchema, {
        error:
          "credentials_schema must be an array of credential fields (the map form is only read from YAML)",
      })
      .nullish(),
    oauth_schema: OAuthSchemaDeclarationSchema.nullish(),
    provider_type: z.enum(DATASOURCE_PROVIDER_TYPES, {
      error: `provider_type must be one of ${DATASOURCE_PROVIDER_TYPES.join(", ")}`,
    }),
    datasources: z
      .array(DatasourceDeclarationSchema, {
        error: "datasources must be an array of datasource declarations",
      })
      .nullish(),
  }),
);

/** A datasource provider declaration. */
export type DatasourceProviderDeclaration = z.infer<typeof DatasourceProviderDeclarationSchema>;
