import { defineLLM, InvokeAuthorizationError } from "@x/model";
import { checkApiKey } from "../credentials.js";

/**
 * The provider's chat model, `echo-1`: it streams the last user message back word by word. A real provider
 * calls its API here with `credentials` (pass `signal` to `fetch`) and yields the pieces as they arrive; throw
 * the `Invoke*Error` that fits a failure (`invokeErrorForStatus(status, message)` picks it for an HTTP status).
 */
export const llm = defineLLM({
  models: [
    {
      model: "echo-1",
      label: "Echo 1",
      model_properties: { mode: "chat", context_size: 8192 },
      parameter_rules: [
        { name: "temperature", use_template: "temperature" },
        { name: "max_tokens", use_template: "max_tokens" },
      ],
      pricing: { input: "0.001", output: "0.002", unit: "0.001", currency: "USD" },
    },
  ],
  async *invoke(request, { credentials }) {
    if (!checkApiKey(credentials)) throw new InvokeAuthorizationError("the API key was refused");
    const last = request.prompt_messages.findLast((message) => message.role === "user");
    const text = typeof last?.content === "string" ? last.content : "";
    const words = text.split(/(?=\s)/).filter(Boolean);
    for (const word of words) yield { content: word };
    yield {
      finish_reason: "stop",
      usage: { prompt_tokens: countTokens(text), completion_tokens: words.length },
    };
  },
  numTokens: (request) => countTokens(JSON.stringify(request.prompt_messages)),
});

// A rough count (one token per four characters); a real provider uses its tokenizer or its API's count.
function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
