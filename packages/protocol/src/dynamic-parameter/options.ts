import { z } from "zod";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";
import { nonEmpty } from "../registration/provider-config.js";

/**
 * One option of a select-like parameter as the daemon validates it (`ParameterOption`,
 * `pkg/entities/plugin_entities/constant.go`): a non-empty `value`, a localised `label`, an optional `icon` (a URL
 * or a data URI). The items of a `fetch_parameter_options` reply and of an agent strategy parameter's `options`.
 */
export const ParameterOptionSchema = lazySchema(() =>
  z.looseObject({
    value: nonEmpty("option value"),
    label: I18nTextSchema,
    icon: z.string({ error: "icon must be a string (a URL or a data URI)" }).nullish(),
  }),
);

/** One parameter option. */
export type ParameterOption = z.infer<typeof ParameterOptionSchema>;

/**
 * The single `stream` item answering `fetch_parameter_options` (`DynamicSelectResult`,
 * `pkg/entities/dynamic_select_entities/dynamic_select.go`): `{ options: [...] }`. The daemon also accepts a
 * missing or null `options`; we require the list (it may be empty). Unknown keys are refused.
 */
export const FetchParameterOptionsReplySchema = lazySchema(() =>
  z.strictObject(
    {
      options: z.array(ParameterOptionSchema, {
        error: "options must be an array of { value, label, icon? }",
      }),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown key(s) ${issue.keys.join(", ")}: the reply is { options: [...] }`
          : undefined,
    },
  ),
);

/** The `fetch_parameter_options` reply as sent. */
export type FetchParameterOptionsReply = z.infer<typeof FetchParameterOptionsReplySchema>;
