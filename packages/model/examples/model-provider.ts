import { createStdioTransport, Plugin, PluginRuntime } from "@x/core";
import {
  CredentialsValidateFailedError,
  defineLLM,
  defineModelProvider,
  defineTextEmbedding,
  InvokeAuthorizationError,
} from "@x/model";

// A toy provider: an "echo" LLM that streams the last user message back (calling the `lookup` tool when one is
// offered) and a 3-dimensional embedding. A real provider calls its API here with `context.credentials`.
const llm = defineLLM({
  models: [
    {
      model: "echo-1",
      label: "Echo 1",
      features: ["tool-call", "stream-tool-call"],
      model_properties: { mode: "chat", context_size: 8192 },
      parameter_rules: [{ name: "temperature", use_template: "temperature" }],
      pricing: { input: "0.001", output: "0.002", unit: "0.001", currency: "USD" },
    },
  ],
  async *invoke(request, { credentials }) {
    if (credentials.api_key !== "sk-good") throw new InvokeAuthorizationError("the API key was refused");
    const last = request.prompt_messages.at(-1);
    const text = typeof last?.content === "string" ? last.content : "";
    yield { reasoning: "The user wants an echo." };
    for (const word of text.split(" ")) yield { content: `${word} ` };
    if (request.tools.some((tool) => tool.name === "lookup")) {
      yield { tool_calls: [{ id: "call-1", function: { name: "lookup", arguments: { query: text } } }] };
    }
    yield { finish_reason: "stop", usage: { prompt_tokens: text.length, completion_tokens: text.length } };
  },
  numTokens: (request) => JSON.stringify(request.prompt_messages).length,
});

const embedding = defineTextEmbedding({
  models: [{ model: "echo-embed", model_properties: { context_size: 512, max_chunks: 16 } }],
  invoke: (request) => ({
    embeddings: request.texts.map((text) => [text.length, text.split(" ").length, 1]),
    usage: { tokens: request.texts.join(" ").length },
  }),
  numTokens: (request) => request.texts.map((text) => text.length),
});

const echo = defineModelProvider({
  provider: { name: "echo", label: "Echo", iconSmall: "icon.svg" },
  credentials: { provider: { api_key: { type: "secret-input", label: "API key", required: true } } },
  models: [llm, embedding],
  validateCredentials(credentials) {
    if (credentials.api_key !== "sk-good")
      throw new CredentialsValidateFailedError("the API key was refused");
  },
});

const plugin = new Plugin().register(echo); // declares model_declaration and answers the 16 model actions
await new PluginRuntime({ plugin, transport: createStdioTransport() }).start();
