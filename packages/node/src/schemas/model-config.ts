import { z } from "zod";

/**
 * The LLM a workflow node runs with. `mode` defaults to `chat` and `completion_params` to `{}`: Dify's API
 * requires `mode` and rejects `completion_params: null`, which the Python SDK sends when it is unset.
 */
export const ModelConfigSchema = z.strictObject({
  provider: z.string().min(1, "the model provider is required (e.g. langgenius/openai/openai)"),
  name: z.string().min(1, "the model name is required (e.g. gpt-4o-mini)"),
  mode: z
    .enum(["chat", "completion"])
    .nullish()
    .transform((mode) => mode ?? "chat"),
  completion_params: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((params) => params ?? {}),
});

/** A model config as sent to the daemon (defaults applied). */
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/** A model config as callers write it: `mode` and `completion_params` may be left out. */
export type ModelConfigInput = Readonly<z.input<typeof ModelConfigSchema>>;
