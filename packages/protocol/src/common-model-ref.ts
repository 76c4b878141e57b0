import { z } from "zod";
import { lazySchema } from "./lazy-schema.js";

/**
 * How every reverse call names a workspace model: `{ provider, model }` (e.g.
 * `{ provider: "langgenius/openai/openai", model: "gpt-4o-mini" }`). One shape across `@x/model` and `@x/node`;
 * the workflow-node wire calls the model `name`, and its schema maps it.
 */
export const ModelRefShape = lazySchema(() => ({
  provider: z.string().min(1, "the model provider is required (e.g. langgenius/openai/openai)"),
  model: z.string().min(1, "the model name is required (e.g. gpt-4o-mini)"),
}));

/** A model reference as callers write it. */
export const ModelRefSchema = lazySchema(() => z.object(ModelRefShape));

/** A workspace model: `{ provider, model }`. */
export type ModelRef = z.infer<typeof ModelRefSchema>;
