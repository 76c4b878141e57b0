import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

const JsonRecordSchema = lazySchema(() => z.record(z.string(), z.unknown()));

/** What a workflow node call answers (one `struct` item): Dify's node run, all three parts required objects. */
export const NodeResponseSchema = lazySchema(() =>
  z.object({
    inputs: JsonRecordSchema,
    outputs: JsonRecordSchema,
    process_data: JsonRecordSchema,
  }),
);

/** A workflow node's raw reply. */
export type NodeResponse = z.infer<typeof NodeResponseSchema>;

const PriceSchema = lazySchema(() => z.union([z.number(), z.string()]));

/**
 * LLM usage reported by a node (`outputs.__usage` of the Parameter Extractor, `process_data.usage` of the
 * Question Classifier). Prices may arrive as numbers or decimal strings depending on the Dify version.
 */
export const NodeUsageSchema = lazySchema(() =>
  z.looseObject({
    prompt_tokens: z.number().optional(),
    completion_tokens: z.number().optional(),
    total_tokens: z.number().optional(),
    prompt_price: PriceSchema.optional(),
    completion_price: PriceSchema.optional(),
    total_price: PriceSchema.optional(),
    currency: z.string().optional(),
    latency: z.number().optional(),
  }),
);

/** LLM usage of one node run. */
export type NodeUsage = z.infer<typeof NodeUsageSchema>;
