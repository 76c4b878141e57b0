import { TOOL_PROVIDER_TYPES, type ToolProviderType } from "@x/protocol";
import { fault } from "../mock/fault.js";
import { MockDify } from "../mock/mock-dify.js";
import type { NodeResponseInput } from "../mock/node-defaults.js";
import type { ManifestPermissions } from "../mock/permissions.js";
import type { ToolMessageInput } from "../mock/tool-message.js";

/**
 * The JSON answers file of `x-fake-daemon --answers` (also usable from tests):
 *
 * ```json
 * {
 *   "permissions": { "tool": { "enabled": true }, "node": { "enabled": true } },
 *   "tools": [
 *     { "providerType": "builtin", "provider": "google", "tool": "search",
 *       "messages": [{ "type": "text", "message": { "text": "result" } }] },
 *     { "providerType": "builtin", "provider": "flaky", "tool": "op", "error": "quota exceeded" }
 *   ],
 *   "questionClassifier": "default",
 *   "parameterExtractor": { "outputs": { "city": "Paris", "__is_success": 1 } },
 *   "invoke": { "storage": { "data": "6869" }, "llm": [{ "delta": "..." }] }
 * }
 * ```
 * A tool entry has `messages`, `error` (the daemon's error text) or `"hang": true`. A node entry is `"default"`
 * or a node response. An `invoke` value that is an array is streamed item by item; another value is one reply.
 */
export interface AnswersFile {
  /** The manifest's `resource.permission` (absent: everything allowed). */
  permissions?: ManifestPermissions;
  /** Tool answers. */
  tools?: Array<{
    providerType: string;
    provider: string;
    tool: string;
    messages?: ToolMessageInput[];
    error?: string;
    hang?: boolean;
  }>;
  /** `"default"` (first class wins) or a node response. */
  questionClassifier?: "default" | NodeResponseInput;
  /** `"default"` (typed dummy values) or a node response. */
  parameterExtractor?: "default" | NodeResponseInput;
  /** Answers of any other invoke type, by type. */
  invoke?: Record<string, unknown>;
}

/** Builds a {@link MockDify} from an answers file's parsed JSON; throws a `TypeError` naming the bad field. */
export function mockDifyFromAnswers(value: unknown): MockDify {
  const file = record(value, "answers file");
  const permissions = file.permissions === undefined ? undefined : record(file.permissions, "permissions");
  const dify = new MockDify(permissions ? { permissions: permissions as ManifestPermissions } : {});
  for (const [index, raw] of array(file.tools ?? [], "tools").entries()) {
    const entry = record(raw, `tools[${index}]`);
    const [providerType, provider, tool] = (["providerType", "provider", "tool"] as const).map((key) =>
      text(entry[key], `tools[${index}].${key}`),
    ) as [string, string, string];
    if (!(TOOL_PROVIDER_TYPES as readonly string[]).includes(providerType)) {
      throw new TypeError(
        `tools[${index}].providerType must be one of ${TOOL_PROVIDER_TYPES.join(", ")}, got ${JSON.stringify(providerType)}`,
      );
    }
    if (typeof entry.error === "string")
      dify.tool(providerType as ToolProviderType, provider, tool, fault.error(entry.error));
    else if (entry.hang === true) dify.tool(providerType as ToolProviderType, provider, tool, fault.hang());
    else {
      const messages = array(entry.messages, `tools[${index}].messages`).map((message, i) => {
        const item = record(message, `tools[${index}].messages[${i}]`);
        text(item.type, `tools[${index}].messages[${i}].type`);
        return item as unknown as ToolMessageInput;
      });
      dify.tool(providerType as ToolProviderType, provider, tool, messages);
    }
  }
  if (file.questionClassifier !== undefined) {
    dify.questionClassifier(node(file.questionClassifier, "questionClassifier"));
  }
  if (file.parameterExtractor !== undefined) {
    dify.parameterExtractor(node(file.parameterExtractor, "parameterExtractor"));
  }
  // Answers files come from JSON: sent as written, like a replay of what a real Dify answered.
  for (const [type, answer] of Object.entries(record(file.invoke ?? {}, "invoke")))
    dify.onInvokeRaw(type, answer);
  return dify;
}

function node(value: unknown, where: string): NodeResponseInput | undefined {
  if (value === "default") return undefined;
  return record(value, where) as NodeResponseInput;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${where} must be a JSON array`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") throw new TypeError(`${where} must be a non-empty string`);
  return value;
}
