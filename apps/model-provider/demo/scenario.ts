import type { FakeChatReply, FakeOpenAIOptions } from "@x/testing";

// The requests the daemon sends the gateway in the demo and the tests (§2.3: the flattened `data` of each model
// action), and how the fake OpenAI-compatible server answers them.

/** The provider name Dify routes on. */
export const PROVIDER = "openai_gateway";
/** The key the fake server accepts. */
export const GOOD_KEY = "sk-demo-0123456789";
/** A key it refuses with 401. */
export const BAD_KEY = "sk-wrong-9876543210";

const weather = {
  name: "get_weather",
  description: "Current weather of a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

/** The fake server's chat: a tool call when tools are offered and no tool has answered yet, else a text answer. */
export function fakeServerOptions(): FakeOpenAIOptions {
  return {
    apiKey: GOOD_KEY,
    chat: (body): FakeChatReply => {
      const messages = body.messages as Array<{ role: string; content?: unknown }>;
      const toolAnswer = messages.find((message) => message.role === "tool");
      if (Array.isArray(body.tools) && !toolAnswer) {
        return {
          content: ["Let me ", "check the ", "weather."],
          toolCalls: [{ id: "call_weather_1", name: "get_weather", arguments: { city: "Paris" } }],
        };
      }
      return { content: ["It is ", String(toolAnswer?.content ?? "sunny"), " in Paris."] };
    },
  };
}

function credentials(apiBase: string, apiKey: string) {
  return { api_base: apiBase, api_key: apiKey };
}

/** `invoke_llm`: a streamed chat that offers the weather tool. */
export function llmRequest(apiBase: string, apiKey = GOOD_KEY) {
  return {
    user_id: "demo-user",
    provider: PROVIDER,
    model: "gpt-4o-mini",
    model_type: "llm",
    credentials: credentials(apiBase, apiKey),
    model_parameters: { temperature: 0.2, max_tokens: 256 },
    prompt_messages: [
      {
        role: "system",
        content: "You answer weather questions with the get_weather tool.",
        name: "",
        tool_calls: [],
      },
      { role: "user", content: "What is the weather in Paris?", name: "", tool_calls: [] },
    ],
    tools: [weather],
    stop: null,
    stream: true,
  };
}

/** `invoke_text_embedding`: two texts. */
export function embeddingRequest(apiBase: string, apiKey = GOOD_KEY) {
  return {
    user_id: "demo-user",
    provider: PROVIDER,
    model: "text-embedding-3-small",
    model_type: "text-embedding",
    credentials: credentials(apiBase, apiKey),
    texts: ["Paris is the capital of France.", "Berlin is the capital of Germany."],
    input_type: "document",
  };
}

/** `get_llm_num_tokens`: the same conversation as {@link llmRequest}. */
export function numTokensRequest(apiBase: string) {
  const { prompt_messages, tools } = llmRequest(apiBase);
  return {
    user_id: "demo-user",
    provider: PROVIDER,
    model: "gpt-4o-mini",
    model_type: "llm",
    credentials: credentials(apiBase, GOOD_KEY),
    prompt_messages,
    tools,
  };
}

/** `validate_provider_credentials` with a key. */
export function validateRequest(apiBase: string, apiKey: string) {
  return { user_id: "demo-user", provider: PROVIDER, credentials: credentials(apiBase, apiKey) };
}
