import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** `dify_model_identity` of a Dify file object in `tool_parameters`. */
export const DIFY_FILE_IDENTITY = "__dify__file__";

/** A Dify file object as it arrives in `tool_parameters` (a `file` or `files` parameter); unknown keys are kept. */
export const DifyFileSchema = lazySchema(() =>
  z.looseObject({
    dify_model_identity: z.literal(DIFY_FILE_IDENTITY),
    url: z.string().nullish(),
    mime_type: z.string().nullish(),
    type: z.string().nullish(),
    filename: z.string().nullish(),
    extension: z.string().nullish(),
    size: z.number().nullish(),
  }),
);
