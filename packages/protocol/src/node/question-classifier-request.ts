import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { ClassConfigSchema } from "./class-config.js";
import { ModelConfigSchema } from "./model-config.js";
import { InstructionSchema, QuerySchema } from "./query.js";

/** The `request` of a `node_question_classifier` reverse call, keys in the Python SDK's order. */
export const QuestionClassifierRequestSchema = lazySchema(() =>
  z
    .strictObject({
      classes: z.array(ClassConfigSchema).min(1, "at least one class is required"),
      model: ModelConfigSchema,
      query: QuerySchema,
      instruction: InstructionSchema,
    })
    .superRefine((request, context) => {
      // Both must be unique: the reply names the class by name, and we map names back to ids.
      for (const key of ["id", "name"] as const) {
        const seen = new Set<string>();
        request.classes.forEach((entry, index) => {
          if (seen.has(entry[key])) {
            context.addIssue({
              code: "custom",
              path: ["classes", index, key],
              message: `duplicate class ${key} "${entry[key]}"`,
            });
          }
          seen.add(entry[key]);
        });
      }
    }),
);

/** A Question Classifier request as sent to the daemon. */
export type QuestionClassifierRequest = z.infer<typeof QuestionClassifierRequestSchema>;
