import { emptyUsage, type LLMUsage } from "@x/protocol";

// Usage across the LLM calls of one strategy run, as the Python SDK's `AgentStrategy.increase_usage` sums it
// (`interfaces/agent/strategy.py`): token counts and prices added up, unit prices and currency from the first call.
// Prices stay exact decimal text. Latency is summed too (the Python SDK keeps the first call's).

/** The `execution_metadata` the official function-calling strategy sends last (prices as numbers). */
export interface ExecutionMetadata {
  /** Sum of the calls' `total_price`. */
  total_price: number;
  /** The first call's currency (`""` when nothing was called). */
  currency: string;
  /** Sum of the calls' `total_tokens`. */
  total_tokens: number;
  /** Sum of the calls' `prompt_tokens`. */
  prompt_tokens: number;
  /** The first call's `prompt_unit_price`. */
  prompt_unit_price: number;
  /** The first call's `prompt_price_unit`. */
  prompt_price_unit: number;
  /** Sum of the calls' `prompt_price`. */
  prompt_price: number;
  /** Sum of the calls' `completion_tokens`. */
  completion_tokens: number;
  /** The first call's `completion_unit_price`. */
  completion_unit_price: number;
  /** The first call's `completion_price_unit`. */
  completion_price_unit: number;
  /** Sum of the calls' `completion_price`. */
  completion_price: number;
  /** Sum of the calls' latency, in seconds. */
  latency: number;
}

/** Adds up the usage of several LLM calls: `tracker.add(result.usage)` after each, `tracker.total` at the end. */
export class UsageTracker {
  private sum: LLMUsage | undefined;
  private count = 0;

  /** Adds one call's usage (null or undefined is ignored). */
  add(usage: LLMUsage | null | undefined): void {
    if (!usage) return;
    this.count += 1;
    if (!this.sum) {
      this.sum = { ...usage };
      return;
    }
    const sum = this.sum;
    sum.prompt_tokens += usage.prompt_tokens;
    sum.completion_tokens += usage.completion_tokens;
    sum.total_tokens += usage.total_tokens;
    sum.prompt_price = addDecimal(sum.prompt_price, usage.prompt_price);
    sum.completion_price = addDecimal(sum.completion_price, usage.completion_price);
    sum.total_price = addDecimal(sum.total_price, usage.total_price);
    sum.latency += usage.latency;
  }

  /** How many usages were added. */
  get calls(): number {
    return this.count;
  }

  /** The summed usage (all zero, currency `USD`, before any call). */
  get total(): LLMUsage {
    return this.sum ? { ...this.sum } : emptyUsage();
  }

  /** The summed usage as the function-calling strategy's `execution_metadata`. */
  executionMetadata(): ExecutionMetadata {
    const total = this.total;
    return {
      total_price: Number(total.total_price),
      currency: this.sum ? total.currency : "",
      total_tokens: total.total_tokens,
      prompt_tokens: total.prompt_tokens,
      prompt_unit_price: Number(total.prompt_unit_price),
      prompt_price_unit: Number(total.prompt_price_unit),
      prompt_price: Number(total.prompt_price),
      completion_tokens: total.completion_tokens,
      completion_unit_price: Number(total.completion_unit_price),
      completion_price_unit: Number(total.completion_price_unit),
      completion_price: Number(total.completion_price),
      latency: total.latency,
    };
  }
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `a + b` for decimal texts, exact for plain decimals (`"0.0010330"`), through numbers for exponent forms. */
export function addDecimal(a: string, b: string): string {
  const x = PLAIN_DECIMAL.exec(a);
  const y = PLAIN_DECIMAL.exec(b);
  if (!x || !y) return String(Number(a) + Number(b));
  const scale = Math.max(x[3]?.length ?? 0, y[3]?.length ?? 0);
  const scaled = (m: RegExpExecArray) => {
    const digits = BigInt(`${m[2]}${(m[3] ?? "").padEnd(scale, "0")}`);
    return m[1] === "-" ? -digits : digits;
  };
  const sum = scaled(x) + scaled(y);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}
