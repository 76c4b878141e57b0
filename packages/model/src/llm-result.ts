import { emptyUsage, type LLMResultChunk, type LLMUsage, type ToolCall } from "@x/protocol";

/** The whole answer of an LLM call, assembled from its chunks. */
export interface LLMResult {
  /** The model that answered. */
  model: string;
  /** The assistant message: concatenated text and merged tool calls. */
  message: { role: "assistant"; content: string; tool_calls: ToolCall[] };
  /** Token counts and prices. */
  usage: LLMUsage;
  /** The provider's system fingerprint, when sent. */
  system_fingerprint: string | null;
  /** Why generation stopped (`stop`, `length`, `tool_calls`, ...), when sent. */
  finish_reason: string | null;
}

/**
 * Folds chunks into an {@link LLMResult} the way Dify does: text deltas are concatenated; tool-call deltas are
 * merged by `id` (a delta without an id continues the last call, so streamed arguments are joined); token counts
 * are summed and prices, currency and latency taken from the latest usage, like the Python SDK.
 */
export class LLMResultCollector {
  private model = "";
  private text = "";
  private readonly calls: ToolCall[] = [];
  private usage: LLMUsage | undefined;
  private fingerprint: string | null = null;
  private finish: string | null = null;

  /** Adds one chunk. */
  add(chunk: LLMResultChunk): void {
    this.model = chunk.model || this.model;
    if (chunk.system_fingerprint) this.fingerprint = chunk.system_fingerprint;
    const { message, usage, finish_reason } = chunk.delta;
    if (typeof message.content === "string") this.text += message.content;
    else if (Array.isArray(message.content)) {
      for (const part of message.content)
        if (part.type === "text" && typeof part.data === "string") this.text += part.data;
    }
    for (const call of message.tool_calls ?? []) this.mergeToolCall(call);
    if (usage) this.addUsage(usage);
    if (finish_reason) this.finish = finish_reason;
  }

  /** The result so far. */
  result(): LLMResult {
    return {
      model: this.model,
      message: {
        role: "assistant",
        content: this.text,
        tool_calls: this.calls.map((call) => structuredClone(call)),
      },
      usage: this.usage ?? emptyUsage(),
      system_fingerprint: this.fingerprint,
      finish_reason: this.finish,
    };
  }

  private mergeToolCall(delta: ToolCall): void {
    const existing = delta.id ? this.calls.find((call) => call.id === delta.id) : this.calls.at(-1);
    if (!existing) {
      this.calls.push(structuredClone(delta));
      return;
    }
    if (delta.function.name) existing.function.name = delta.function.name;
    existing.function.arguments += delta.function.arguments;
    if (delta.type) existing.type = delta.type;
  }

  private addUsage(usage: LLMUsage): void {
    if (!this.usage) {
      this.usage = { ...usage };
      return;
    }
    this.usage = {
      ...usage,
      prompt_tokens: this.usage.prompt_tokens + usage.prompt_tokens,
      completion_tokens: this.usage.completion_tokens + usage.completion_tokens,
      total_tokens: this.usage.total_tokens + usage.total_tokens,
    };
  }
}
