/**
 * Replies shaped like the daemon's own mock (`internal/core/dify_invocation/mock/mock.go`) after its JSON
 * serialisation: LLM chunks carry `prompt_messages: []`, decimals are strings, zero values are present.
 */
const message = (content: unknown, extra: object = {}) => ({
  role: "assistant",
  content,
  name: "test",
  tool_calls: [],
  tool_call_id: "",
  ...extra,
});

export function llmChunk(model: string, index: number, content: string, usage: object | null = null) {
  return {
    model,
    system_fingerprint: "test",
    delta: { index, message: message(content), usage, finish_reason: null },
    prompt_messages: [],
  };
}

/** The usage the mock sends: only tokens, latency and currency set; Go's zero decimals serialise as "0". */
export const mockUsage = {
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
};

/** The mock's five-chunk answer "hello world world !!" with usage on the last chunk. */
export function mockLlmAnswer(model: string) {
  return [
    llmChunk(model, 1, "hello"),
    llmChunk(model, 1, " world"),
    llmChunk(model, 2, " world"),
    llmChunk(model, 3, " !"),
    llmChunk(model, 3, " !", mockUsage),
  ];
}

/** The mock's tool-call chunk (sent first when tools are given). */
export function toolCallChunk(model: string, name: string, args: string) {
  return {
    model,
    system_fingerprint: "test",
    delta: {
      index: 0,
      message: message("", {
        name: "",
        tool_calls: [{ id: "oshiawaseni", type: "function", function: { name, arguments: args } }],
      }),
      usage: null,
      finish_reason: null,
    },
    prompt_messages: [],
  };
}
