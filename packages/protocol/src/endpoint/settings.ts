import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

// The values Dify fills an endpoint's settings form with, as they arrive decrypted in `invoke_endpoint`'s
// `settings` (§2.4.2; the form is the group's `ProviderConfig` list, `pkg/entities/plugin_entities/config.go`).
// Dify writes these objects itself; unknown keys are kept.

/** The value of a `model-selector` setting: Dify's model config (`provider`, `model`, `mode`, parameters). */
export const ModelSelectorValueSchema = lazySchema(() =>
  z.looseObject({
    provider: z.string({ error: "a model-selector value needs provider (a string)" }),
    model: z.string({ error: "a model-selector value needs model (a string)" }),
    model_type: z.string().nullish(),
    mode: z.string().nullish(),
    completion_params: z.record(z.string(), z.unknown()).nullish(),
  }),
);

/** A `model-selector` setting's value. */
export type ModelSelectorValue = z.infer<typeof ModelSelectorValueSchema>;

/** The value of an `app-selector` setting: the chosen app (the Slack bot reads `settings.app.app_id`). */
export const AppSelectorValueSchema = lazySchema(() =>
  z.looseObject({
    app_id: z.string({ error: "an app-selector value needs app_id (a string)" }),
    inputs: z.record(z.string(), z.unknown()).nullish(),
    files: z.array(z.unknown()).nullish(),
  }),
);

/** An `app-selector` setting's value. */
export type AppSelectorValue = z.infer<typeof AppSelectorValueSchema>;

/** One tool chosen in an `array[tools]` setting: provider and tool names, plus what Dify adds about it. */
export const ToolSelectorValueSchema = lazySchema(() =>
  z.looseObject({
    provider_name: z.string({ error: "a selected tool needs provider_name (a string)" }),
    tool_name: z.string({ error: "a selected tool needs tool_name (a string)" }),
    tool_label: z.string().nullish(),
    tool_description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    settings: z.record(z.string(), z.unknown()).nullish(),
    enabled: z.boolean().nullish(),
    extra: z.record(z.string(), z.unknown()).nullish(),
  }),
);

/** One selected tool of an `array[tools]` setting. */
export type ToolSelectorValue = z.infer<typeof ToolSelectorValueSchema>;
