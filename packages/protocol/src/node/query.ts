import { z } from "zod";

/** The text a node works on. The daemon rejects `""`; a blank query would only waste a model call. */
export const QuerySchema = z.string().refine((query) => query.trim().length > 0, {
  message: "the query must not be empty",
});

/** Extra instructions for the node's model. `null`/missing is sent as `""`, like the Python SDK's default. */
export const InstructionSchema = z
  .string()
  .nullish()
  .transform((instruction) => instruction ?? "");
