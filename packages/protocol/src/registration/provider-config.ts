import { z } from "zod";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";

/** @internal A required, non-empty string whose errors name `what`. */
export const nonEmpty = (what: string) =>
  z.string({ error: `${what} is required` }).min(1, `${what} must not be empty`);

/**
 * Field types of a credential form or an endpoint / trigger setting (`ConfigType`, the daemon's
 * `credential_type` validator). `array[tools]` is the tools selector; the daemon has no single `tool-selector`.
 */
export const PROVIDER_CONFIG_TYPES = [
  "secret-input",
  "text-input",
  "select",
  "boolean",
  "app-selector",
  "model-selector",
  "array[tools]",
] as const;

/** A credential or setting field type. */
export type ProviderConfigType = (typeof PROVIDER_CONFIG_TYPES)[number];

/** Scopes a `model-selector` may carry, joined with `&` (e.g. `llm&vision`); the daemon has no `all` here. */
export const MODEL_SELECTOR_SCOPES = [
  "llm",
  "text-embedding",
  "rerank",
  "tts",
  "speech2text",
  "moderation",
  "vision",
  "document",
  "tool-call",
] as const;

/** Scopes an `app-selector` may carry, joined with `&`. */
export const APP_SELECTOR_SCOPES = ["all", "chat", "workflow", "completion"] as const;

/** Scopes an `any` parameter may carry, joined with `&`. */
export const ANY_SCOPES = [
  "string",
  "number",
  "object",
  "array[number]",
  "array[string]",
  "array[object]",
  "array[file]",
] as const;

const SCOPES_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  "model-selector": MODEL_SELECTOR_SCOPES,
  "app-selector": APP_SELECTOR_SCOPES,
  any: ANY_SCOPES,
};

/**
 * The daemon's `is_scope` rule: a scope is allowed only on `model-selector`, `app-selector` and `any` fields, and
 * each `&`-separated part must be one of that type's scopes (the daemon accepts the value when any part is known;
 * we require every part, so a typo is caught). Returns the problem, or undefined when the scope is fine.
 */
export function scopeProblem(type: string, scope: string | null | undefined): string | undefined {
  if (scope === null || scope === undefined) return undefined;
  // A present scope is always checked by the daemon, so `""` is refused too (leave the field out instead).
  if (scope === "") return "scope must not be empty (leave it out instead)";
  const allowed = SCOPES_BY_TYPE[type];
  if (allowed === undefined) {
    return `scope is only allowed on model-selector, app-selector and any fields, not ${type}`;
  }
  const bad = scope
    .split("&")
    .map((part) => part.trim())
    .filter((part) => !allowed.includes(part));
  return bad.length === 0 ? undefined : `${bad.join(", ")} is not a ${type} scope (${allowed.join(", ")})`;
}

/** A basic default value (`is_basic_type`: string, number or boolean). */
export const BasicValueSchema = lazySchema(() => z.union([z.string(), z.number(), z.boolean()]));

/** One option of a `select` field (`ConfigOption`: `value` under 128 characters, a label). */
export const ConfigOptionSchema = lazySchema(() =>
  z.looseObject({
    value: z
      .string({ error: "option value must be a string" })
      .min(1, "option value must not be empty")
      .max(127, "option value must be shorter than 128 characters"),
    label: I18nTextSchema,
  }),
);

/**
 * A credential field, endpoint setting or trigger subscription setting (`ProviderConfig`,
 * `pkg/entities/plugin_entities/config.go`): the same form vocabulary wherever the daemon shows a settings form.
 */
export const ProviderConfigSchema = lazySchema(() =>
  z
    .looseObject({
      name: nonEmpty("name").max(1023, "name must be shorter than 1024 characters"),
      type: z.enum(PROVIDER_CONFIG_TYPES, {
        error: `type must be one of ${PROVIDER_CONFIG_TYPES.join(", ")}`,
      }),
      scope: z.string().nullish(),
      required: z.boolean({ error: "required must be a boolean" }).optional(),
      default: BasicValueSchema.nullish(),
      options: z.array(ConfigOptionSchema).max(127, "at most 127 options").nullish(),
      multiple: z.boolean().optional(),
      label: I18nTextSchema,
      help: I18nTextSchema.nullish(),
      url: z.string().nullish(),
      placeholder: I18nTextSchema.nullish(),
    })
    .superRefine((field, ctx) => {
      const problem = scopeProblem(field.type, field.scope);
      if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["scope"], message: problem });
    }),
);

/** A credential field or setting as declared to the daemon. */
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
