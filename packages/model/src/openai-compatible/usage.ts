import type { EmbeddingUsage, LLMUsage, ModelPricing } from "@x/protocol";

// Dify quantises prices to 7 decimals (`Decimal("0.0000001")` in the Python SDK's `_calc_response_usage`).
const money = (value: number): string => (Number.isFinite(value) ? value.toFixed(7) : "0");

function price(pricing: ModelPricing | undefined, tokens: number, which: "input" | "output") {
  const unitPrice = Number(
    which === "output" ? (pricing?.output ?? pricing?.input ?? 0) : (pricing?.input ?? 0),
  );
  const priceUnit = Number(pricing?.unit ?? 0.001);
  return {
    unitPrice: String(unitPrice),
    priceUnit: String(priceUnit),
    total: tokens * unitPrice * priceUnit,
  };
}

/** A complete `LLMUsage` (every field the daemon requires, §4.7) from token counts, prices and the latency. */
export function llmUsage(options: {
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  pricing?: ModelPricing | undefined;
}): LLMUsage {
  const prompt = price(options.pricing, options.promptTokens, "input");
  const completion = price(options.pricing, options.completionTokens, "output");
  return {
    prompt_tokens: options.promptTokens,
    prompt_unit_price: prompt.unitPrice,
    prompt_price_unit: prompt.priceUnit,
    prompt_price: money(prompt.total),
    completion_tokens: options.completionTokens,
    completion_unit_price: completion.unitPrice,
    completion_price_unit: completion.priceUnit,
    completion_price: money(completion.total),
    total_tokens: options.promptTokens + options.completionTokens,
    total_price: money(prompt.total + completion.total),
    currency: options.pricing?.currency ?? "USD",
    latency: Math.round(options.latencyMs) / 1000,
  };
}

/** A complete `EmbeddingUsage` from the token count, prices and the latency. */
export function embeddingUsage(options: {
  tokens: number;
  latencyMs: number;
  pricing?: ModelPricing | undefined;
}): EmbeddingUsage {
  const input = price(options.pricing, options.tokens, "input");
  return {
    tokens: options.tokens,
    total_tokens: options.tokens,
    unit_price: input.unitPrice,
    price_unit: input.priceUnit,
    total_price: money(input.total),
    currency: options.pricing?.currency ?? "USD",
    latency: Math.round(options.latencyMs) / 1000,
  };
}

/**
 * A rough token count for servers that report none and for `get_*_num_tokens`: one token per 4 UTF-8 bytes of
 * text, at least one per word. Real tokenizers differ by model; Dify uses the count for context limits and
 * billing estimates only.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const bytes = Buffer.byteLength(text, "utf8");
  const words = text.match(/\S+/g)?.length ?? 0;
  return Math.max(words, Math.ceil(bytes / 4));
}
