import { z } from "zod";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";
import { OAuthSchemaDeclarationSchema } from "../oauth/schema.js";
import { PLUGIN_TAGS } from "../registration/manifest.js";
import { nonEmpty, ProviderConfigSchema } from "../registration/provider-config.js";
import { IDENTITY_NAME_PATTERN } from "../tool/tool-provider-declaration.js";

// The `trigger_declaration` frame (§1.3.2) carries an array of these; the daemon keeps element [0]
// (`pkg/entities/plugin_entities/trigger_declaration.go`, `internal/core/debugging_runtime/
// runtime_intialization_handlers.go`). How the daemon reads it:
// - Plain JSON decoding (the dict forms of `subscription_schema` and `credentials_schema`, and event file paths,
//   are read from YAML only). A wrong JSON type anywhere rejects the whole frame with
//   `triggers register failed, invalid triggers declaration: ...`; so does any validator failure.
// - The validator runs at that frame, before the manifest's description and tags are copied into an empty
//   provider identity (that happens at `end`), so over TCP `identity.description.en_US` must be set.
// - `subscription_schema` is tagged `required` without `dive`: its fields are not validated by the daemon.
//   This schema still checks them as `ProviderConfig` fields, since Dify renders them as a settings form.
// - At `end`, `identity.icon` and `identity.icon_dark` must name uploaded assets.

/** Parameter types the daemon accepts on a trigger event or subscription constructor (`event_parameter_type`). */
export const EVENT_PARAMETER_TYPES = [
  "string",
  "number",
  "boolean",
  "select",
  "file",
  "files",
  "model-selector",
  "app-selector",
  "object",
  "array",
  "dynamic-select",
  "checkbox",
] as const;

/** An event parameter type. */
export type EventParameterType = (typeof EVENT_PARAMETER_TYPES)[number];

/** One option of an event parameter (`EventParameterOption`): a label and any non-null value. */
export const EventParameterOptionSchema = lazySchema(() =>
  z.looseObject({
    label: I18nTextSchema,
    value: z.custom<NonNullable<unknown>>(
      (value) => value !== null && value !== undefined,
      "option value is required (any non-null value; the Python SDK sends strings)",
    ),
  }),
);

/** One option of an event parameter. */
export type EventParameterOption = z.infer<typeof EventParameterOptionSchema>;

/**
 * One parameter of a trigger event or of the subscription constructor (`EventParameter`). Looser than a tool
 * parameter: only `name`, `label` and `type` are checked (plus the nested objects when present); `scope` and
 * `default` are free. `multiple` applies to `select`, `dynamic-select` and `checkbox`.
 */
export const EventParameterSchema = lazySchema(() =>
  z.looseObject({
    name: nonEmpty("name"),
    label: I18nTextSchema,
    type: z.enum(EVENT_PARAMETER_TYPES, { error: `type must be one of ${EVENT_PARAMETER_TYPES.join(", ")}` }),
    auto_generate: z
      .looseObject({
        type: z.literal("prompt_instruction", { error: 'auto_generate.type must be "prompt_instruction"' }),
      })
      .nullish(),
    template: z
      .looseObject({ enabled: z.boolean({ error: "template.enabled must be a boolean" }) })
      .nullish(),
    scope: z.string({ error: "scope must be a string" }).nullish(),
    required: z.boolean({ error: "required must be a boolean" }).nullish(),
    multiple: z.boolean({ error: "multiple must be a boolean" }).nullish(),
    default: z.unknown().optional(),
    min: z.number({ error: "min must be a number" }).nullish(),
    max: z.number({ error: "max must be a number" }).nullish(),
    precision: z
      .number({ error: "precision must be a number" })
      .int("precision must be an integer")
      .nullish(),
    options: z.array(EventParameterOptionSchema, { error: "options must be an array" }).nullish(),
    description: I18nTextSchema.nullish(),
  }),
);

/** One event or constructor parameter as declared. */
export type EventParameter = z.infer<typeof EventParameterSchema>;

/** An event's identity (`EventIdentity`): author, a name matching `^[a-zA-Z0-9_-]+$`, label. */
export const EventIdentitySchema = lazySchema(() =>
  z.looseObject({
    author: nonEmpty("author"),
    name: z
      .string({ error: "name is required" })
      .regex(
        IDENTITY_NAME_PATTERN,
        "name must match ^[a-zA-Z0-9_-]+$ (it is the event name dispatch returns)",
      ),
    label: I18nTextSchema,
  }),
);

/** An event's identity. */
export type EventIdentity = z.infer<typeof EventIdentitySchema>;

/**
 * One event of a trigger provider (`EventDeclaration`): identity, parameters (the workflow's per-event settings),
 * description, and the JSON Schema of the `variables` it returns.
 */
export const EventDeclarationSchema = lazySchema(() =>
  z.looseObject({
    identity: EventIdentitySchema,
    parameters: z
      .array(EventParameterSchema, { error: "parameters must be an array of parameters" })
      .nullish(),
    description: I18nTextSchema,
    output_schema: z.record(z.string(), z.unknown(), { error: "output_schema must be an object" }).nullish(),
  }),
);

/** One event as declared. */
export type EventDeclaration = z.infer<typeof EventDeclarationSchema>;

/**
 * The subscription constructor (`SubscriptionConstructor`): present when the plugin can create the external
 * webhook itself (`subscribe_trigger`). `parameters` are asked of the user when subscribing, `credentials_schema`
 * are API-key credentials (checked by `validate_trigger_credentials`), `oauth_schema` enables the OAuth flow.
 */
export const SubscriptionConstructorSchema = lazySchema(() =>
  z.looseObject({
    parameters: z
      .array(EventParameterSchema, { error: "parameters must be an array of parameters" })
      .nullish(),
    credentials_schema: z
      .array(ProviderConfigSchema, {
        error:
          "credentials_schema must be an array of credential fields (the map form is only read from YAML)",
      })
      .nullish(),
    oauth_schema: OAuthSchemaDeclarationSchema.nullish(),
  }),
);

/** A subscription constructor as declared. */
export type SubscriptionConstructor = z.infer<typeof SubscriptionConstructorSchema>;

/**
 * A trigger provider's identity (`TriggerProviderIdentity`): author, a name matching `^[a-zA-Z0-9_-]+$`, a
 * description (its `en_US` is required over remote debugging, see above), icon, optional dark icon, label, and
 * tags from the manifest tag list. (The Python SDK types tags as `webhooks` only, which the daemon refuses; send
 * none, and the manifest's tags are used.)
 */
export const TriggerProviderIdentitySchema = lazySchema(() =>
  z.looseObject({
    author: nonEmpty("author"),
    name: z
      .string({ error: "name is required" })
      .regex(IDENTITY_NAME_PATTERN, "name must match ^[a-zA-Z0-9_-]+$"),
    description: I18nTextSchema,
    icon: nonEmpty("icon"),
    icon_dark: z.string({ error: "icon_dark must be a string" }).nullish(),
    label: I18nTextSchema,
    tags: z
      .array(z.enum(PLUGIN_TAGS, { error: `tag must be one of ${PLUGIN_TAGS.join(", ")}` }), {
        error: "tags must be an array",
      })
      .nullish(),
  }),
);

/** A trigger provider's identity. */
export type TriggerProviderIdentity = z.infer<typeof TriggerProviderIdentitySchema>;

/**
 * A trigger provider declaration as sent in `trigger_declaration` (`TriggerProviderDeclaration`): identity,
 * `subscription_schema` (required, `[]` when empty: the fields stored in a subscription's `properties`, also the
 * form for a manual subscription), the optional subscription constructor, and the events.
 */
export const TriggerProviderDeclarationSchema = lazySchema(() =>
  z.looseObject({
    identity: TriggerProviderIdentitySchema,
    subscription_schema: z.array(ProviderConfigSchema, {
      error:
        "subscription_schema is required: an array of setting fields, [] when there are none (the map form is only read from YAML)",
    }),
    subscription_constructor: SubscriptionConstructorSchema.nullish(),
    events: z
      .array(EventDeclarationSchema, { error: "events must be an array of event declarations" })
      .nullish(),
  }),
);

/** A trigger provider declaration. */
export type TriggerProviderDeclaration = z.infer<typeof TriggerProviderDeclarationSchema>;
