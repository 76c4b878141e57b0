import { Plugin } from "@x/core";
import {
  CredentialsValidateFailedError,
  defineLLM,
  defineModelProvider,
  defineModeration,
  defineMultimodalEmbedding,
  defineMultimodalRerank,
  defineRerank,
  defineSpeech2Text,
  defineTextEmbedding,
  defineTTS,
  InvokeRateLimitError,
  type LLMChunkInput,
} from "../src/index.js";

/** A provider defining every model kind, with predefined and customizable models. */
export const acme = defineModelProvider({
  provider: {
    name: "acme",
    label: "Acme AI",
    description: { en_US: "Acme models", zh_Hans: "Acme 模型" },
    iconSmall: "icon_s.svg",
    iconLarge: "icon_l.svg",
    background: "#F9FAFB",
    help: { title: "Get a key", url: "https://acme.example/keys" },
  },
  credentials: {
    provider: { api_key: { type: "secret-input", label: "API key", required: true } },
    model: {
      label: "Model name",
      placeholder: "e.g. acme-custom",
      fields: {
        base_url: { type: "text-input", label: "Base URL", required: true },
        mode: {
          type: "select",
          label: "Mode",
          default: "chat",
          options: [{ value: "chat" }, { value: "completion" }],
          showOn: [{ variable: "__model_type", value: "llm" }],
        },
      },
    },
  },
  models: [
    defineLLM({
      models: [
        {
          model: "acme-chat",
          features: ["tool-call"],
          model_properties: { mode: "chat", context_size: 4096 },
        },
        { model: "acme-mini", model_properties: { mode: "chat", context_size: 2048 } },
      ],
      schema: ({ model, credentials }) =>
        typeof credentials.base_url === "string"
          ? {
              model,
              fetch_from: "customizable-model",
              model_properties: { mode: credentials.mode ?? "chat" },
            }
          : null,
      validateCredentials({ credentials }) {
        if (credentials.base_url === "bad")
          throw new CredentialsValidateFailedError("base_url is unreachable");
        return { ...credentials, checked: true };
      },
      async *invoke(request, { session }) {
        const mode = request.model_parameters.mode;
        if (mode === "rate-limited") throw new InvokeRateLimitError("slow down");
        if (mode === "reverse-call") {
          // Model sessions cannot call Dify (§4.2).
          await session.invoke("llm", { provider: "x", model: "y" }).toArray();
        }
        if (mode === "tool-pieces") {
          yield {
            content: "Let me look.",
            tool_calls: [{ id: "c1", function: { name: "lookup", arguments: '{"q":' } }],
          };
          yield { tool_calls: [{ id: "", function: { arguments: '"x"}' } }] };
          yield { finish_reason: "tool_calls", usage: { prompt_tokens: 3, completion_tokens: 4 } };
          return;
        }
        if (mode === "thinking-only") {
          yield { reasoning: "hmm" };
          return;
        }
        yield { reasoning: "Thinking" } satisfies LLMChunkInput;
        yield { reasoning: " hard" };
        yield { content: "Hello" };
        yield {
          content: " world",
          finish_reason: "stop",
          usage: { prompt_tokens: 5, completion_tokens: 2, total_price: "0.001" },
        };
      },
      numTokens: (request) => request.prompt_messages.length * 10 + request.tools.length,
      polling: {
        start: (request) => ({
          status: "running",
          state: { job: `job-${request.model}` },
          nextCheckAfter: 1500,
        }),
        check: (request) =>
          request.plugin_state.job === "job-fail"
            ? { status: "failed", error: "the job failed upstream" }
            : {
                status: "succeeded",
                result: { content: "done", usage: { prompt_tokens: 1, completion_tokens: 1 } },
              },
      },
    }),
    defineTextEmbedding({
      models: [{ model: "acme-embed", model_properties: { context_size: 512 } }],
      invoke: (request) => ({
        embeddings: request.texts.map((text) => [text.length, request.input_type === "document" ? 1 : 0]),
        usage: { tokens: 7, unit_price: "0.0001", price_unit: "0.001", total_price: "0.0000007" },
      }),
      numTokens: (request) => request.texts.map((text) => text.split(" ").length),
    }),
    defineMultimodalEmbedding({
      models: [{ model: "acme-vision-embed" }],
      invoke: (request) => ({
        embeddings: request.documents.map((doc) => [doc.content_type === "image" ? 1 : 0]),
      }),
    }),
    defineRerank({
      models: [{ model: "acme-rerank" }],
      invoke: (request) => ({ docs: request.docs.map((doc, index) => ({ index, score: doc.length / 10 })) }),
    }),
    defineMultimodalRerank({
      invoke: (request) => ({ docs: request.docs.map((_, index) => ({ index, score: 1 - index / 10 })) }),
    }),
    defineTTS({
      models: [
        {
          model: "acme-tts",
          model_properties: {
            default_voice: "alloy",
            audio_type: "mp3",
            voices: [
              { mode: "alloy", name: "Alloy", language: ["en-US", "zh-Hans"] },
              { mode: "echo", name: "Echo", language: ["en-US"] },
              { mode: "mei", name: "Mei", language: ["zh-Hans"] },
            ],
          },
        },
      ],
      async *invoke(request) {
        const bytes = new TextEncoder().encode(request.content_text);
        for (let i = 0; i < bytes.length; i += 4) yield bytes.subarray(i, i + 4);
      },
    }),
    defineSpeech2Text({
      models: [{ model: "acme-whisper" }],
      invoke: (request) =>
        `heard ${request.audio.byteLength} bytes: ${new TextDecoder().decode(request.audio)}`,
    }),
    defineModeration({
      models: [{ model: "acme-mod" }],
      invoke: (request) => request.text.includes("bad"),
    }),
  ],
  validateCredentials(credentials) {
    if (credentials.api_key !== "sk-acme") throw new CredentialsValidateFailedError("invalid API key");
  },
});

/** A plugin with the provider registered. */
export function acmePlugin(): Plugin {
  return new Plugin().register(acme);
}
