import type { LLMResultChunk } from "@x/protocol";

const ROLES = new Set(["system", "user", "assistant", "tool"]);
const USAGE_FIELDS = [
  "prompt_tokens",
  "prompt_unit_price",
  "prompt_price_unit",
  "prompt_price",
  "completion_tokens",
  "completion_unit_price",
  "completion_price_unit",
  "completion_price",
  "total_tokens",
  "total_price",
  "currency",
  "latency",
];

/**
 * The problems the daemon's validator would find in one streamed chunk (`pkg/entities/model_entities/llm.go`,
 * §2.3): `model` non-empty, `delta.index` non-null, `delta.message.role` a prompt role, `content` a string or an
 * array of parts (an empty string passes: `any` holding a string counts as set), every `usage` field when present.
 */
export function daemonChunkProblems(value: LLMResultChunk): string[] {
  const chunk = JSON.parse(JSON.stringify(value)) as Record<string, any>;
  const problems: string[] = [];
  if (typeof chunk.model !== "string" || chunk.model === "") problems.push("model is required");
  const delta = chunk.delta;
  if (typeof delta !== "object" || delta === null) return [...problems, "delta is required"];
  if (typeof delta.index !== "number") problems.push("delta.index is required");
  const message = delta.message;
  if (!ROLES.has(message?.role)) problems.push("delta.message.role must be a prompt role");
  if (typeof message?.content !== "string" && !Array.isArray(message?.content)) {
    problems.push("delta.message.content must be a string or parts");
  }
  for (const call of message?.tool_calls ?? []) {
    if (typeof call.id !== "string" || typeof call.function?.arguments !== "string")
      problems.push("bad tool call");
  }
  if (delta.usage != null) {
    for (const field of USAGE_FIELDS)
      if (delta.usage[field] == null) problems.push(`usage.${field} is required`);
  }
  return problems;
}
