import { z } from "zod";
import { ModelRefShape } from "../common-model-ref.js";
import { lazySchema } from "../lazy-schema.js";

/**
 * The LLM a workflow node runs with. Callers write the SDK's one model reference, `{ provider, model }`, plus
 * `mode` (default `chat`) and `completion_params` (default `{}`); the wire object is Dify's
 * `{ provider, name, mode, completion_params }` (§4.6). Dify's API requires `mode` and rejects
 * `completion_params: null`, which the Python SDK sends when it is unset.
 */
export const ModelConfigSchema = lazySchema(() =>
  z
    .strictObject({
      ...ModelRefShape,
      mode: z
        .enum(["chat", "completion"])
        .nullish()
        .transform((mode) => mode ?? "chat"),
      completion_params: z
        .record(z.string(), z.unknown())
        .nullish()
        .transform((params) => params ?? {}),
    })
    // Key order as the Python SDK's ModelConfig, so payloads compare byte for byte.
    .transform(({ provider, model, mode, completion_params }) => ({
      provider,
      name: model,
      mode,
      completion_params,
    })),
);

/** A model config as sent to the daemon (defaults applied, `model` sent as `name`). */
export type ModelConfig = z.output<typeof ModelConfigSchema>;

/** A model config as callers write it: `{ provider, model }`, `mode` and `completion_params` optional. */
export type ModelConfigInput = Readonly<z.input<typeof ModelConfigSchema>>;
