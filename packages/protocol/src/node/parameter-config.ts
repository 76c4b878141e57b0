import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Parameter types that both the daemon's validator and Dify's API accept, as sent on the wire. */
export const PARAMETER_TYPES = [
  "string",
  "number",
  "bool",
  "select",
  "array[string]",
  "array[number]",
  "array[object]",
] as const;

/** A parameter type as sent to the daemon. */
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** A parameter type as callers may write it: `boolean` is accepted and sent as `bool`. */
export type ParameterTypeInput = ParameterType | "boolean";

/** Names Dify's Parameter Extractor keeps for itself in `outputs`. */
export const RESERVED_PARAMETER_NAMES: readonly string[] = ["__reason", "__is_success"];

const TYPE_LIST = "string, number, bool (or boolean), select, array[string], array[number], array[object]";

/**
 * One parameter for the Parameter Extractor. Defaults fill what Dify's API requires: `description` `""`,
 * `required` `false`, `options` `[]` (Dify only turns non-empty options into an `enum`).
 * `null` is accepted wherever the Python SDK allows `None`, and sent as the default.
 */
export const ParameterConfigSchema = lazySchema(() =>
  z
    .strictObject({
      name: z
        .string()
        .min(1, "a parameter name is required")
        .refine((name) => !RESERVED_PARAMETER_NAMES.includes(name), {
          message: "__reason and __is_success are reserved by Dify's Parameter Extractor",
        }),
      type: z
        .enum([...PARAMETER_TYPES, "boolean"], {
          error: () => `unknown parameter type; use one of ${TYPE_LIST}`,
        })
        .transform((type): ParameterType => (type === "boolean" ? "bool" : type)),
      options: z
        .array(z.string().min(1, "an option must be a non-empty string"))
        .nullish()
        .transform((options) => options ?? []),
      description: z
        .string()
        .nullish()
        .transform((description) => description ?? ""),
      required: z
        .boolean()
        .nullish()
        .transform((required) => required ?? false),
    })
    .superRefine((parameter, context) => {
      if (parameter.type === "select" && parameter.options.length === 0) {
        context.addIssue({
          code: "custom",
          path: ["options"],
          message: "a select parameter needs at least one option",
        });
      }
      // Dify only checks options against string values; on other types they would mislead the model.
      if (parameter.type !== "select" && parameter.type !== "string" && parameter.options.length > 0) {
        context.addIssue({
          code: "custom",
          path: ["options"],
          message: `options only apply to select and string parameters, not ${parameter.type}`,
        });
      }
    }),
);

/** A parameter as sent to the daemon: keys in the Python SDK's order, defaults applied. */
export type ParameterConfig = z.infer<typeof ParameterConfigSchema>;

/**
 * A parameter as callers write it. Arrays may be `readonly`, so `as const` literals (and the `const` type
 * parameter of `invoke`) keep their literal types for typed outputs.
 */
export interface ParameterInput {
  /** Output key; not `__reason` or `__is_success`. */
  readonly name: string;
  /** Value type; `boolean` is sent as `bool`. */
  readonly type: ParameterTypeInput;
  /** Allowed values; required for `select`. */
  readonly options?: readonly string[] | null;
  /** Tells the model what to extract. Default `""`. */
  readonly description?: string | null;
  /** Whether Dify must find it. Default `false`. */
  readonly required?: boolean | null;
}
