import {
  EmbeddingReplySchema,
  LLMNumTokensReplySchema,
  type LLMResultChunkReply,
  LLMResultChunkReplySchema,
  ValidateCredentialsReplySchema,
} from "@x/protocol";
import type { PluginConnection } from "@x/testing";
import { expect } from "vitest";
import {
  embeddingRequest,
  GOOD_KEY,
  llmRequest,
  numTokensRequest,
  validateRequest,
} from "../demo/scenario.js";

/** Every item parsed with the reply schema the daemon's validator corresponds to (§2.3, §4.7). */
export function asChunks(items: unknown[]): LLMResultChunkReply[] {
  return items.map((item) => LLMResultChunkReplySchema.parse(item));
}

/**
 * The four answers the "done when" names, checked against the daemon's reply rules: `invoke_llm` streamed
 * with a tool call, `invoke_text_embedding`, `get_llm_num_tokens`, `validate_provider_credentials`.
 */
export async function expectGatewayAnswers(connection: PluginConnection, apiBase: string): Promise<void> {
  const llm = await connection.request("model", "invoke_llm", llmRequest(apiBase));
  expect(llm.error).toBeNull();
  const chunks = asChunks(llm.items);
  expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe("Let me check the weather.");
  expect(chunks.map((chunk) => chunk.delta.index)).toEqual(chunks.map((_, i) => i));
  const last = chunks.at(-1);
  expect(last?.delta.message.tool_calls).toEqual([
    {
      id: "call_weather_1",
      type: "function",
      function: { name: "get_weather", arguments: '{"city":"Paris"}' },
    },
  ]);
  expect(last?.delta.finish_reason).toBe("tool_calls");
  expect(last?.delta.usage?.total_tokens).toBeGreaterThan(0);
  expect(chunks.every((chunk) => chunk.model === "gpt-4o-mini")).toBe(true);

  const embedded = await connection.request("model", "invoke_text_embedding", embeddingRequest(apiBase));
  expect(embedded.error).toBeNull();
  const embedding = EmbeddingReplySchema.parse(embedded.items[0]);
  expect(embedding.embeddings).toHaveLength(2);
  expect(embedding.usage.tokens).toBeGreaterThan(0);

  const counted = await connection.request("model", "get_llm_num_tokens", numTokensRequest(apiBase));
  expect(LLMNumTokensReplySchema.parse(counted.items[0]).num_tokens).toBeGreaterThan(0);

  const validated = await connection.request(
    "model",
    "validate_provider_credentials",
    validateRequest(apiBase, GOOD_KEY),
  );
  expect(ValidateCredentialsReplySchema.parse(validated.items[0]).result).toBe(true);
}
