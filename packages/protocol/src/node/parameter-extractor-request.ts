import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { ModelConfigSchema } from "./model-config.js";
import { ParameterConfigSchema } from "./parameter-config.js";
import { InstructionSchema, QuerySchema } from "./query.js";

/** The `request` of a `node_parameter_extractor` reverse call, keys in the Python SDK's order. */
export const ParameterExtractorRequestSchema = lazySchema(() =>
  z
    .strictObject({
      parameters: z.array(ParameterConfigSchema).min(1, "at least one parameter is required"),
      model: ModelConfigSchema,
      query: QuerySchema,
      instruction: InstructionSchema,
    })
    .superRefine((request, context) => {
      const seen = new Set<string>();
      request.parameters.forEach((parameter, index) => {
        if (seen.has(parameter.name)) {
          context.addIssue({
            code: "custom",
            path: ["parameters", index, "name"],
            message: `duplicate parameter name "${parameter.name}"`,
          });
        }
        seen.add(parameter.name);
      });
    }),
);

/** A Parameter Extractor request as sent to the daemon. */
export type ParameterExtractorRequest = z.infer<typeof ParameterExtractorRequestSchema>;
