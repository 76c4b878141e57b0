// `pnpm demo`: starts the loopback fake OpenAI-compatible server, runs the openai_gateway plugin in process under
// @x/testing's harness (the real runtime and codec), and prints what the daemon would send and receive.
import { EmbeddingReplySchema, LLMResultChunkReplySchema } from "@x/protocol";
import { createTestHarness, startFakeOpenAI } from "@x/testing";
import { plugin } from "../src/index.js";
import {
  BAD_KEY,
  embeddingRequest,
  fakeServerOptions,
  GOOD_KEY,
  llmRequest,
  numTokensRequest,
  validateRequest,
} from "./scenario.js";

const out = (line = "") => process.stdout.write(`${line}\n`);
const short = (value: unknown, max = 160) => {
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};
const masked = (text: string) => text.split(GOOD_KEY).join("sk-demo-***").split(BAD_KEY).join("sk-wrong-***");

const server = await startFakeOpenAI(fakeServerOptions());
const harness = createTestHarness(plugin);
try {
  out(`fake OpenAI-compatible server on ${server.url} (accepts ${masked(GOOD_KEY)})`);
  out();

  out("━━ 1. model/invoke_llm (streamed, tool get_weather offered) ━━");
  const llm = await harness.request("model", "invoke_llm", llmRequest(server.url));
  const chat = server.requestsTo("/chat/completions")[0];
  out(`  → POST /chat/completions ${short(chat?.body, 200)}`);
  for (const item of llm.items) {
    const { index, message, usage, finish_reason } = LLMResultChunkReplySchema.parse(item).delta;
    const calls = message.tool_calls?.length ? ` tool_calls=${short(message.tool_calls)}` : "";
    const end = finish_reason ? ` finish_reason=${finish_reason}` : "";
    const tokens = usage
      ? ` usage={prompt:${usage.prompt_tokens}, completion:${usage.completion_tokens}, price:${usage.total_price} ${usage.currency}}`
      : "";
    out(`  ← chunk ${index}: ${JSON.stringify(message.content)}${calls}${end}${tokens}`);
  }
  out(`  session: ${llm.error ? `error ${llm.error.error_type}` : "end"}`);
  out();

  out("━━ 2. model/invoke_text_embedding ━━");
  const embedded = await harness.request("model", "invoke_text_embedding", embeddingRequest(server.url));
  const embedding = EmbeddingReplySchema.parse(embedded.items[0]);
  out(`  → POST /embeddings ${short(server.requestsTo("/embeddings")[0]?.body)}`);
  for (const [i, vector] of embedding.embeddings.entries()) {
    out(
      `  ← vector ${i}: [${vector
        .slice(0, 4)
        .map((x) => x.toFixed(3))
        .join(", ")}, …] (${vector.length} dims)`,
    );
  }
  out(`  ← usage: ${short(embedding.usage)}`);
  out();

  out("━━ 3. model/get_llm_num_tokens ━━");
  const counted = await harness.request("model", "get_llm_num_tokens", numTokensRequest(server.url));
  out(`  ← ${short(counted.items[0])} (estimated locally: no HTTP call)`);
  out();

  out("━━ 4. model/validate_provider_credentials ━━");
  const good = await harness.request(
    "model",
    "validate_provider_credentials",
    validateRequest(server.url, GOOD_KEY),
  );
  out(`  good key → GET /models → ${masked(short(good.items[0]))}`);
  const bad = await harness.request(
    "model",
    "validate_provider_credentials",
    validateRequest(server.url, BAD_KEY),
  );
  out(`  bad key  → GET /models → error ${bad.error?.error_type}: ${masked(bad.error?.message ?? "")}`);
  out();

  out("━━ 5. model/invoke_llm when the server rate-limits ━━");
  server.fault({ status: 429, headers: { "retry-after": "2" } }, "/chat/completions");
  const limited = await harness.request("model", "invoke_llm", llmRequest(server.url));
  out(`  ← error ${limited.error?.error_type}: ${limited.error?.message}`);
  out();
  out(
    `the fake server saw ${server.requests.length} requests: ${server.requests.map((r) => `${r.method} ${r.path}`).join(", ")}`,
  );
} finally {
  await harness.close();
  await server.close();
}
