import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** One class for the Question Classifier: its `id` comes back as `class_id`, its `name` as `class_name`. */
export const ClassConfigSchema = lazySchema(() =>
  z.strictObject({
    id: z.string().min(1, "a class id is required"),
    name: z.string().min(1, "a class name is required"),
  }),
);

/** A class as sent to the daemon. */
export type ClassConfig = z.infer<typeof ClassConfigSchema>;

/** A class as callers write it. */
export type ClassInput = Readonly<z.input<typeof ClassConfigSchema>>;
