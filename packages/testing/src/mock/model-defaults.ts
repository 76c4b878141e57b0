import { sampleFromJsonSchema } from "./json-schema-sample.js";
import type { MockDify } from "./mock-dify.js";
import type { RecordedCall } from "./recorded-call.js";

// Default answers for the model invoke types, shaped like the daemon's own mock
// (internal/core/dify_invocation/mock/mock.go) after JSON serialisation: LLM chunks carry `prompt_messages: []`,
// prices are decimal strings. Use one with `dify.onInvoke("llm", defaultLlmAnswer)`, or all with
// `useModelDefaults(dify)`.

const VECTOR = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

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
} as const;

function chunk(model: string, index: number, message: Record<string, unknown>, usage: object | null = null) {
  return {
    model,
    system_fingerprint: "test",
    delta: {
      index,
      message: { role: "assistant", content: "", name: "test", tool_calls: [], tool_call_id: "", ...message },
      usage,
      finish_reason: usage ? "stop" : null,
    },
    prompt_messages: [],
  };
}

/** One `llm` stream chunk like the daemon mock's: `content` as the assistant delta; with `usage`, the last chunk. */
export function mockLlmChunk(model: string, index: number, content: string, usage: object | null = null) {
  return chunk(model, index, { content }, usage);
}

/** The daemon mock's first `llm` chunk when tools are given: a call of tool `name` with `args` (id `oshiawaseni`). */
export function mockLlmToolCallChunk(model: string, name: string, args: string) {
  return chunk(model, 0, {
    name: "",
    tool_calls: [{ id: "oshiawaseni", type: "function", function: { name, arguments: args } }],
  });
}

/**
 * `llm`: streams "hello world world ! !" in five chunks, usage on the last; when the request has tools, first a
 * chunk calling the first tool with arguments generated from its parameters schema (id `oshiawaseni`).
 */
export function defaultLlmAnswer(call: RecordedCall): object[] {
  const model = String(call.request.model ?? "mock-model");
  const chunks: object[] = [];
  const tools = Array.isArray(call.request.tools)
    ? (call.request.tools as Array<Record<string, unknown>>)
    : [];
  const tool = tools[0];
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
export function defaultStructuredOutputAnswer(call: RecordedCall): object[] {
  const model = String(call.request.model ?? "mock-model");
  const value = sampleFromJsonSchema(call.request.structured_output_schema ?? { type: "object" }) ?? {};
  const text = JSON.stringify(value);
  const chunks: object[] = [];
  for (let i = 0; i < 10; i++) {
    const part = text.slice(Math.floor((i * text.length) / 10), Math.floor(((i + 1) * text.length) / 10));
    chunks.push(mockLlmChunk(model, i, part));
  }
  chunks.push({ ...mockLlmChunk(model, 10, "", DEFAULT_LLM_USAGE), structured_output: value });
  return chunks;
}

/** `text_embedding`: one 10-dimension vector per text, usage of 100 tokens. */
export function defaultTextEmbeddingAnswer(call: RecordedCall): object {
  const texts = Array.isArray(call.request.texts) ? call.request.texts : [];
  return {
    model: call.request.model,
    embeddings: texts.map(() => [...VECTOR]),
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
export function defaultMultimodalEmbeddingAnswer(call: RecordedCall): object {
  const documents = Array.isArray(call.request.documents) ? call.request.documents : [];
  return { model: call.request.model, embeddings: documents.map(() => [...VECTOR]) };
}

/** `rerank`: every doc in the order sent, score 0.1. */
export function defaultRerankAnswer(call: RecordedCall): object {
  const docs = Array.isArray(call.request.docs) ? (call.request.docs as string[]) : [];
  return { model: call.request.model, docs: docs.map((text, index) => ({ index, text, score: 0.1 })) };
}

/** `multimodal_rerank`: every doc in the order sent, `text` = its content, score 0.1. */
export function defaultMultimodalRerankAnswer(call: RecordedCall): object {
  const docs = Array.isArray(call.request.docs) ? (call.request.docs as Array<{ content?: unknown }>) : [];
  return {
    model: call.request.model,
    docs: docs.map((doc, index) => ({ index, text: String(doc?.content ?? ""), score: 0.1 })),
  };
}

/** `tts`: ten chunks of hex audio `a1b2c3d4`. */
export function defaultTtsAnswer(): object[] {
  return Array.from({ length: 10 }, () => ({ result: "a1b2c3d4" }));
}

/** `speech2text`: `hello world`. */
export function defaultSpeech2TextAnswer(): object {
  return { result: "hello world" };
}

/** `moderation`: flagged (`true`), as the daemon mock answers. */
export function defaultModerationAnswer(): object {
  return { result: true };
}

/** `system_summary`: the text itself, as the daemon mock answers. */
export function defaultSummaryAnswer(call: RecordedCall): object {
  return { summary: String(call.request.text ?? "") };
}

/** Registers every model default on `dify` (calls you mocked afterwards replace them). */
export function useModelDefaults(dify: MockDify): MockDify {
  dify.onInvoke("llm", defaultLlmAnswer);
  dify.onInvoke("llm_structured_output", defaultStructuredOutputAnswer);
  dify.onInvoke("text_embedding", defaultTextEmbeddingAnswer);
  dify.onInvoke("multimodal_embedding", defaultMultimodalEmbeddingAnswer);
  dify.onInvoke("rerank", defaultRerankAnswer);
  dify.onInvoke("multimodal_rerank", defaultMultimodalRerankAnswer);
  dify.onInvoke("tts", defaultTtsAnswer);
  dify.onInvoke("speech2text", defaultSpeech2TextAnswer);
  dify.onInvoke("moderation", defaultModerationAnswer);
  dify.onInvoke("system_summary", defaultSummaryAnswer);
  return dify;
}
