import { ValidationError } from "@x/core";
import type { EmbeddingUsageReply, LLMResultChunkReply, LLMUsageReply, ReplyToolCall } from "@x/protocol";

// Builders of the reply items the daemon validates (§2.3, §4.7), correct by construction so the hot LLM path
// does not re-validate every chunk: `model` non-empty, `delta.index` set, `role` assistant, content never null,
// usage complete.

type Decimal = string | number;

/** Usage of an LLM call as a model reports it: counts and prices; missing values are 0, `currency` USD. */
export interface UsageInput {
  prompt_tokens?: number;
  completion_tokens?: number;
  /** Default: `prompt_tokens + completion_tokens`. */
  total_tokens?: number;
  prompt_unit_price?: Decimal;
  prompt_price_unit?: Decimal;
  prompt_price?: Decimal;
  completion_unit_price?: Decimal;
  completion_price_unit?: Decimal;
  completion_price?: Decimal;
  total_price?: Decimal;
  currency?: string;
  /** Seconds; default: measured from the request's arrival. */
  latency?: number;
}

/** Usage of an embedding call as a model reports it; missing values are 0, `currency` USD. */
export interface EmbeddingUsageInput {
  tokens?: number;
  /** Default: `tokens`. */
  total_tokens?: number;
  unit_price?: Decimal;
  price_unit?: Decimal;
  total_price?: Decimal;
  currency?: string;
  /** Seconds; default: measured. */
  latency?: number;
}

/** A tool call (or a streamed piece of one: later pieces may leave `id` empty) as a model reports it. */
export interface ToolCallInput {
  /** The call's id (`""` on continuation pieces). */
  id?: string;
  /** Always `function`. */
  type?: string;
  /** The function and its arguments, as JSON text or an object (serialised). */
  function: { name?: string; arguments?: string | Readonly<Record<string, unknown>> };
}

/** A content part of an answer (images and files produced by the model). */
export type ContentPartInput = LLMResultChunkReply["delta"]["message"]["content"] extends infer C
  ? C extends ReadonlyArray<infer P>
    ? P
    : never
  : never;

/**
 * One piece of an LLM answer as a model yields it (or the whole answer, in blocking mode). The SDK adds `model`,
 * `delta.index` and the role, wraps `reasoning` in `<think>` tags like the Python SDK, and puts usage on the last
 * chunk it sends.
 */
export interface LLMChunkInput {
  /** Text (or parts) of this piece. */
  content?: string | readonly ContentPartInput[];
  /** Reasoning text ("thinking") of this piece; shown folded in Dify. */
  reasoning?: string;
  /** Tool calls, or pieces of them. */
  tool_calls?: readonly ToolCallInput[];
  /** Usage so far (the last one given wins). */
  usage?: UsageInput;
  /** `stop`, `length`, `tool_calls`, ... */
  finish_reason?: string | null;
  /** The upstream system fingerprint. */
  system_fingerprint?: string;
  /** Structured-output calls: the parsed object. */
  structured_output?: Readonly<Record<string, unknown>>;
}

const dec = (value: Decimal | undefined): string => (value === undefined ? "0" : String(value));

function count(value: number | undefined, what: string): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0)
    throw new ValidationError(`${what} must be a non-negative integer`);
  return value;
}

/** @internal Complete usage from what a model reported; `elapsedMs` fills `latency`. */
export function llmUsage(input: UsageInput | undefined, elapsedMs: number): LLMUsageReply {
  const u = input ?? {};
  const prompt = count(u.prompt_tokens, "usage.prompt_tokens");
  const completion = count(u.completion_tokens, "usage.completion_tokens");
  return {
    prompt_tokens: prompt,
    prompt_unit_price: dec(u.prompt_unit_price),
    prompt_price_unit: dec(u.prompt_price_unit),
    prompt_price: dec(u.prompt_price),
    completion_tokens: completion,
    completion_unit_price: dec(u.completion_unit_price),
    completion_price_unit: dec(u.completion_price_unit),
    completion_price: dec(u.completion_price),
    total_tokens:
      u.total_tokens === undefined ? prompt + completion : count(u.total_tokens, "usage.total_tokens"),
    total_price: dec(u.total_price),
    currency: u.currency ?? "USD",
    latency: u.latency ?? elapsedMs / 1000,
  };
}

/** @internal Complete embedding usage. */
export function embeddingUsage(
  input: EmbeddingUsageInput | undefined,
  elapsedMs: number,
): EmbeddingUsageReply {
  const u = input ?? {};
  const tokens = count(u.tokens, "usage.tokens");
  return {
    tokens,
    total_tokens: u.total_tokens === undefined ? tokens : count(u.total_tokens, "usage.total_tokens"),
    unit_price: dec(u.unit_price),
    price_unit: dec(u.price_unit),
    total_price: dec(u.total_price),
    currency: u.currency ?? "USD",
    latency: u.latency ?? elapsedMs / 1000,
  };
}

function toolCall(input: ToolCallInput): ReplyToolCall {
  if (
    typeof input !== "object" ||
    input === null ||
    typeof input.function !== "object" ||
    input.function === null
  ) {
    throw new ValidationError("a tool call needs a `function` object ({ name, arguments })");
  }
  const args = input.function.arguments;
  return {
    id: input.id ?? "",
    type: input.type ?? "function",
    function: {
      name: input.function.name ?? "",
      arguments: args === undefined ? "" : typeof args === "string" ? args : JSON.stringify(args),
    },
  };
}

function content(value: LLMChunkInput["content"]): string | ContentPartInput[] {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return [...value];
  throw new ValidationError("chunk content must be a string or an array of content parts");
}

/**
 * @internal Turns what a model yields into `LLMResultChunk`s: reasoning in `<think>` tags, indexes counted, usage
 * on the last chunk (an extra closing chunk when the model's last piece had none).
 */
export class LLMChunkWriter {
  private index = 0;
  private thinking = false;
  private lastUsage: UsageInput | undefined;
  private lastHadUsage = false;
  private fingerprint: string | undefined;

  constructor(
    private readonly model: string,
    private readonly startedAt: number,
  ) {}

  /** The chunks for one piece (usually one; two when closing a reasoning block before content parts). */
  write(input: LLMChunkInput): LLMResultChunkReply[] {
    if (typeof input !== "object" || input === null) {
      throw new ValidationError(
        "an LLM model must yield chunk objects ({ content, tool_calls, usage, ... })",
      );
    }
    const out: LLMResultChunkReply[] = [];
    let body = content(input.content);
    const hasCalls = (input.tool_calls?.length ?? 0) > 0;
    if (input.reasoning) {
      let text = (this.thinking ? "" : "<think>\n") + input.reasoning;
      this.thinking = true;
      if ((typeof body === "string" ? body.length > 0 : body.length > 0) || hasCalls) {
        text += "\n</think>";
        this.thinking = false;
      }
      if (typeof body === "string") body = text + body;
      else out.push(this.chunk({ content: text }, undefined));
    } else if (
      this.thinking &&
      ((typeof body === "string" ? body.length > 0 : body.length > 0) || hasCalls)
    ) {
      this.thinking = false;
      if (typeof body === "string") body = `\n</think>${body}`;
      else out.push(this.chunk({ content: "\n</think>" }, undefined));
    }
    if (input.system_fingerprint !== undefined) this.fingerprint = input.system_fingerprint;
    if (input.usage !== undefined) this.lastUsage = input.usage;
    out.push(this.chunk({ ...input, content: body }, input.usage));
    return out;
  }

  /** The closing chunk, when the last one sent carried no usage or a reasoning block is still open. */
  finish(): LLMResultChunkReply | undefined {
    if (this.lastHadUsage && !this.thinking) return undefined;
    const text = this.thinking ? "\n</think>" : "";
    this.thinking = false;
    return this.chunk({ content: text }, this.lastUsage ?? {});
  }

  private chunk(input: LLMChunkInput, usage: UsageInput | undefined): LLMResultChunkReply {
    const message: LLMResultChunkReply["delta"]["message"] = {
      role: "assistant",
      content: content(input.content),
    };
    if (input.tool_calls && input.tool_calls.length > 0) message.tool_calls = input.tool_calls.map(toolCall);
    const chunk: LLMResultChunkReply = {
      model: this.model,
      delta: {
        index: this.index++,
        message,
        usage: usage === undefined ? null : llmUsage(usage, Date.now() - this.startedAt),
        finish_reason: input.finish_reason ?? null,
      },
      prompt_messages: [],
    };
    if (this.fingerprint !== undefined) chunk.system_fingerprint = this.fingerprint;
    if (input.structured_output !== undefined) chunk.structured_output = { ...input.structured_output };
    this.lastHadUsage = usage !== undefined;
    return chunk;
  }
}

/**
 * @internal Folds the pieces of an answer into one (blocking mode, polling results): text concatenated, tool-call
 * pieces with an empty `id` appended to the previous call, the last usage, finish reason and structured output.
 */
export function foldChunks(pieces: readonly LLMChunkInput[]): LLMChunkInput {
  let text = "";
  let parts: ContentPartInput[] | undefined;
  let reasoning = "";
  const calls: ReplyToolCall[] = [];
  const folded: LLMChunkInput = {};
  for (const piece of pieces) {
    if (typeof piece !== "object" || piece === null) {
      throw new ValidationError(
        "an LLM model must yield chunk objects ({ content, tool_calls, usage, ... })",
      );
    }
    const body = content(piece.content);
    if (typeof body === "string") {
      if (parts) parts.push({ type: "text", data: body });
      else text += body;
    } else {
      parts ??= text.length > 0 ? [{ type: "text", data: text }] : [];
      parts.push(...body);
    }
    if (piece.reasoning) reasoning += piece.reasoning;
    for (const call of (piece.tool_calls ?? []).map(toolCall)) {
      const previous = calls.at(-1);
      if (call.id === "" && previous) {
        previous.function.name += call.function.name;
        previous.function.arguments += call.function.arguments;
      } else {
        calls.push(call);
      }
    }
    if (piece.usage !== undefined) folded.usage = piece.usage;
    if (piece.finish_reason != null) folded.finish_reason = piece.finish_reason;
    if (piece.system_fingerprint !== undefined) folded.system_fingerprint = piece.system_fingerprint;
    if (piece.structured_output !== undefined) folded.structured_output = piece.structured_output;
  }
  folded.content = parts ?? text;
  if (reasoning) folded.reasoning = reasoning;
  if (calls.length > 0) folded.tool_calls = calls;
  return folded;
}
