import type { InvokeReply } from "@x/protocol";
import { sampleFromJsonSchema } from "./json-schema-sample.js";
import type { MockDify } from "./mock-dify.js";
import type { RecordedCall } from "./recorded-call.js";

// Default answers for the model invoke types, shaped like the daemon's own mock
// (internal/core/dify_invocation/mock/mock.go) after JSON serialisation: LLM chunks carry `prompt_messages: []`,
// prices are decimal strings. `dify.llm()` (and the other model helpers without an answer) use them;
// `useModelDefaults(dify)` registers them all.

const VECTOR = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
const MOCK_MODEL = "mock-model";

/** One `llm` reply chunk as the daemon sends it. */
type LlmChunk = InvokeReply<"llm">;
/** The usage an `llm` chunk carries. */
type LlmUsage = NonNullable<LlmChunk["delta"]["usage"]>;
/** A tool call in an `llm` chunk. */
type LlmToolCall = NonNullable<NonNullable<LlmChunk["delta"]["message"]>["tool_calls"]>[number];

/** LLM usage like the daemon mock's last chunk (100 + 100 tokens, latency 0.4 s, zero prices). */
export const DEFAULT_LLM_USAGE = {
  prompt_tokens: 100,
  prompt_unit_price: "0",
  prompt_price_unit: "0",
  prompt_price: "0",
  completion_tokens: 100,
  completion_unit_price: "0",
  completion_price_unit: "0",
  completion_price: "0",
  total_tokens: 200,
  total_price: "0",
  currency: "USD",
  latency: 0.4,
} as const satisfies LlmUsage;

function chunk(
  model: string,
  index: number,
  message: { content?: string; name?: string; tool_calls?: LlmToolCall[] },
  usage: LlmUsage | null = null,
  finish: string | null = usage ? "stop" : null,
): LlmChunk {
  return {
    model,
    system_fingerprint: "test",
    delta: {
      index,
      message: { role: "assistant", content: "", name: "test", tool_calls: [], tool_call_id: "", ...message },
      usage,
      finish_reason: finish,
    },
    prompt_messages: [],
  };
}

/** One `llm` stream chunk like the daemon mock's: `content` as the assistant delta; with `usage`, the last chunk. */
export function mockLlmChunk(
  model: string,
  index: number,
  content: string,
  usage: LlmUsage | null = null,
): InvokeReply<"llm"> {
  return chunk(model, index, { content }, usage);
}

/** The daemon mock's first `llm` chunk when tools are given: a call of tool `name` with `args` (id `oshiawaseni`). */
export function mockLlmToolCallChunk(model: string, name: string, args: string): InvokeReply<"llm"> {
  return chunk(model, 0, {
    name: "",
    tool_calls: [{ id: "oshiawaseni", type: "function", function: { name, arguments: args } }],
  });
}

/** Options of the {@link llmChunks} builders. */
export interface LlmChunksOptions {
  /** The `model` the chunks name (default `mock-model`). */
  model?: string;
  /** The usage on the last chunk (default {@link DEFAULT_LLM_USAGE}). */
  usage?: LlmUsage;
}

/** One tool call for {@link llmChunks.toolCalls}: the tool's name, its arguments (an object or JSON text), an id. */
export interface LlmToolCallInput {
  /** The tool the model calls. */
  name: string;
  /** Its arguments: an object (sent as JSON text) or the JSON text itself. */
  arguments: Record<string, unknown> | string;
  /** The call's id, echoed back in the `tool` prompt message (default `call_1`, `call_2`, ...). */
  id?: string;
}

/**
 * Builders of whole `llm` answers (chunk lists), for scripting a model turn by turn:
 * `dify.llm(perCall(llmChunks.toolCall("get_weather", { city: "Paris" }), llmChunks.text("Sunny in Paris.")))`
 * asks for a tool in round 1 and answers in round 2.
 */
export const llmChunks = {
  /** The assistant says `text`: one chunk per word (leading spaces kept), usage and `finish_reason: "stop"` last. */
  text(text: string, options: LlmChunksOptions = {}): InvokeReply<"llm">[] {
    const model = options.model ?? MOCK_MODEL;
    const words = text.split(/(?=\s)/);
    return words.map((word, index) =>
      index === words.length - 1
        ? chunk(model, index, { content: word }, options.usage ?? DEFAULT_LLM_USAGE)
        : chunk(model, index, { content: word }),
    );
  },
  /** The assistant calls tool `name` with `args`: one chunk with the call, usage and `finish_reason: "tool_calls"`. */
  toolCall(
    name: string,
    args: Record<string, unknown> | string,
    options: LlmChunksOptions & { id?: string } = {},
  ): InvokeReply<"llm">[] {
    const call: LlmToolCallInput = { name, arguments: args, ...(options.id ? { id: options.id } : {}) };
    return llmChunks.toolCalls([call], options);
  },
  /** The assistant calls several tools at once (parallel tool calls), in one chunk. */
  toolCalls(calls: readonly LlmToolCallInput[], options: LlmChunksOptions = {}): InvokeReply<"llm">[] {
    const toolCalls = calls.map((call, index) => ({
      id: call.id ?? `call_${index + 1}`,
      type: "function",
      function: {
        name: call.name,
        arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
      },
    }));
    const usage = options.usage ?? DEFAULT_LLM_USAGE;
    return [chunk(options.model ?? MOCK_MODEL, 0, { tool_calls: toolCalls }, usage, "tool_calls")];
  },
} as const;

/**
 * `llm`: streams "hello world world ! !" in five chunks, usage on the last; when the request has tools, first a
 * chunk calling the first tool with arguments generated from its parameters schema (id `oshiawaseni`).
 */
export function defaultLlmAnswer(call: RecordedCall<"llm">): InvokeReply<"llm">[] {
  const model = modelOf(call.request);
  const chunks: InvokeReply<"llm">[] = [];
  const tools: unknown = call.request.tools;
  const tool = Array.isArray(tools)
    ? (tools[0] as { name?: unknown; parameters?: unknown } | undefined)
    : undefined;
  if (tool) {
    const args = JSON.stringify(sampleFromJsonSchema(tool.parameters ?? { type: "object" }) ?? {});
    chunks.push(mockLlmToolCallChunk(model, String(tool.name), args));
  }
  const parts: Array<[number, string]> = [
    [1, "hello"],
    [1, " world"],
    [2, " world"],
    [3, " !"],
  ];
  for (const [index, content] of parts) chunks.push(mockLlmChunk(model, index, content));
  chunks.push(mockLlmChunk(model, 3, " !", DEFAULT_LLM_USAGE));
  return chunks;
}

/**
 * `llm_structured_output`: a value generated from `structured_output_schema`, streamed as its JSON text in ten
 * chunks, then a chunk carrying `structured_output` (as the daemon mock does).
 */
export function defaultStructuredOutputAnswer(
  call: RecordedCall<"llm_structured_output">,
): InvokeReply<"llm_structured_output">[] {
  const model = modelOf(call.request);
  const schema: unknown = call.request.structured_output_schema;
  // A sample of the (object) schema; a non-object schema still gets its sample, as the daemon mock sends it.
  const value = (sampleFromJsonSchema(schema ?? { type: "object" }) ?? {}) as Record<string, unknown>;
  const text = JSON.stringify(value);
  const chunks: InvokeReply<"llm_structured_output">[] = [];
  for (let i = 0; i < 10; i++) {
    const part = text.slice(Math.floor((i * text.length) / 10), Math.floor(((i + 1) * text.length) / 10));
    chunks.push(mockLlmChunk(model, i, part));
  }
  chunks.push({ ...mockLlmChunk(model, 10, "", DEFAULT_LLM_USAGE), structured_output: value });
  return chunks;
}

/** `text_embedding`: one 10-dimension vector per text, usage of 100 tokens. */
export function defaultTextEmbeddingAnswer(
  call: RecordedCall<"text_embedding">,
): InvokeReply<"text_embedding"> {
  const texts: unknown = call.request.texts;
  return {
    model: call.request.model,
    embeddings: (Array.isArray(texts) ? texts : []).map(() => [...VECTOR]),
    usage: {
      tokens: 100,
      total_tokens: 100,
      unit_price: "0",
      price_unit: "0",
      total_price: "0",
      currency: "USD",
      latency: 0.1,
    },
  };
}

/** `multimodal_embedding`: one 10-dimension vector per document (the daemon mock sends no usage). */
export function defaultMultimodalEmbeddingAnswer(
  call: RecordedCall<"multimodal_embedding">,
): InvokeReply<"multimodal_embedding"> {
  const documents: unknown = call.request.documents;
  return {
    model: call.request.model,
    embeddings: (Array.isArray(documents) ? documents : []).map(() => [...VECTOR]),
  };
}

/** `rerank`: every doc in the order sent, score 0.1. */
export function defaultRerankAnswer(call: RecordedCall<"rerank">): InvokeReply<"rerank"> {
  const docs: unknown = call.request.docs;
  return {
    model: call.request.model,
    docs: (Array.isArray(docs) ? docs : []).map((text, index) => ({ index, text: String(text), score: 0.1 })),
  };
}

/** `multimodal_rerank`: every doc in the order sent, `text` = its content, score 0.1. */
export function defaultMultimodalRerankAnswer(
  call: RecordedCall<"multimodal_rerank">,
): InvokeReply<"multimodal_rerank"> {
  const docs: unknown = call.request.docs;
  return {
    model: call.request.model,
    docs: (Array.isArray(docs) ? (docs as Array<{ content?: unknown } | null>) : []).map((doc, index) => ({
      index,
      text: String(doc?.content ?? ""),
      score: 0.1,
    })),
  };
}

/** `tts`: ten chunks of hex audio `a1b2c3d4`. */
export function defaultTtsAnswer(): InvokeReply<"tts">[] {
  return Array.from({ length: 10 }, () => ({ result: "a1b2c3d4" }));
}

/** `speech2text`: `hello world`. */
export function defaultSpeech2TextAnswer(): InvokeReply<"speech2text"> {
  return { result: "hello world" };
}

/** `moderation`: flagged (`true`), as the daemon mock answers. */
export function defaultModerationAnswer(): InvokeReply<"moderation"> {
  return { result: true };
}

/** `system_summary`: the text itself, as the daemon mock answers. */
export function defaultSummaryAnswer(call: RecordedCall<"system_summary">): InvokeReply<"system_summary"> {
  return { summary: String(call.request.text ?? "") };
}

/** Registers every model default on `dify` (calls you mocked afterwards replace them). */
export function useModelDefaults(dify: MockDify): MockDify {
  dify.llm();
  dify.llmStructuredOutput();
  dify.textEmbedding();
  dify.multimodalEmbedding();
  dify.rerank();
  dify.multimodalRerank();
  dify.tts();
  dify.speech2text();
  dify.moderation();
  dify.summary();
  return dify;
}

// The request as received may lack `model` (typing is not validation).
function modelOf(request: { model?: unknown }): string {
  return String(request.model ?? MOCK_MODEL);
}
