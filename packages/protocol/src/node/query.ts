import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** The text a node works on. The daemon rejects `""`; a blank query would only waste a model call. */
export const QuerySchema = lazySchema(() =>
  z.string().refine((query) => query.trim().length > 0, {
    message: "the query must not be empty",
  }),
);

/** Extra instructions for the node's model. `null`/missing is sent as `""`, like the Python SDK's default. */
export const InstructionSchema = lazySchema(() =>
  z
    .string()
    .nullish()
    .transform((instruction) => instruction ?? ""),
);
