import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/**
 * A decimal amount as exact text. The daemon serialises prices with shopspring/decimal as JSON strings
 * (`"0.0010330"`); older senders use numbers. Both are accepted and kept as text so no precision is lost.
 */
export const DecimalSchema = lazySchema(() =>
  z
    .union([z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, "not a decimal"), z.number()])
    .transform((value) => (typeof value === "number" ? String(value) : value)),
);

const decimal = lazySchema(() => DecimalSchema.default("0"));
const count = lazySchema(() => z.number().int().default(0));

/** Token counts and prices of one LLM call. Prices are decimal strings (see {@link DecimalSchema}). */
export const LLMUsageSchema = lazySchema(() =>
  z.object({
    prompt_tokens: count,
    prompt_unit_price: decimal,
    prompt_price_unit: decimal,
    prompt_price: decimal,
    completion_tokens: count,
    completion_unit_price: decimal,
    completion_price_unit: decimal,
    completion_price: decimal,
    total_tokens: count,
    total_price: decimal,
    currency: z.string().default("USD"),
    latency: z.number().default(0),
  }),
);
/** Token counts and prices of one LLM call. */
export type LLMUsage = z.output<typeof LLMUsageSchema>;

/** Usage of a call that reported none (what the Python SDK starts from). */
export function emptyUsage(): LLMUsage {
  return LLMUsageSchema.parse({});
}

/** Token counts and price of an embedding call. */
export const EmbeddingUsageSchema = lazySchema(() =>
  z.object({
    tokens: count,
    total_tokens: count,
    unit_price: decimal,
    price_unit: decimal,
    total_price: decimal,
    currency: z.string().default("USD"),
    latency: z.number().default(0),
  }),
);
/** Token counts and price of an embedding call. */
export type EmbeddingUsage = z.output<typeof EmbeddingUsageSchema>;
