import type { ModelProvider } from "@x/model";
import { openAICompatibleProvider } from "@x/model/openai-compatible";
import { ICON_FILE } from "./manifest.js";

/**
 * The `openai_gateway` provider: any OpenAI-compatible server, reached at the `api_base` URL with the `api_key`
 * the user enters in Dify. It serves one chat model with tool calls and one embedding model; every `model` action
 * is answered by `@x/model/openai-compatible`.
 */
export const gatewayProvider: ModelProvider = openAICompatibleProvider({
  provider: {
    name: "openai_gateway",
    label: "OpenAI-compatible gateway",
    description: "Models of any OpenAI-compatible server (OpenAI, vLLM, Ollama, LiteLLM...).",
    iconSmall: ICON_FILE,
  },
  models: {
    llm: [
      {
        model: "gpt-4o-mini",
        label: "GPT-4o mini",
        features: ["tool-call", "multi-tool-call", "stream-tool-call"],
        model_properties: { mode: "chat", context_size: 128000 },
        parameter_rules: [
          { name: "temperature", use_template: "temperature" },
          { name: "max_tokens", use_template: "max_tokens", default: 512, min: 1, max: 16384 },
        ],
        pricing: { input: "0.15", output: "0.60", unit: "0.000001", currency: "USD" },
      },
    ],
    "text-embedding": [
      {
        model: "text-embedding-3-small",
        model_properties: { context_size: 8191, max_chunks: 32 },
        pricing: { input: "0.02", unit: "0.000001", currency: "USD" },
      },
    ],
  },
});
