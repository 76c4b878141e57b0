import { KnownToolInvokeMessageSchema, TOOL_MESSAGE_TYPES, type ToolInvokeMessage } from "@x/protocol";
import { ProtocolError } from "../errors/protocol-error.js";
import { describeIssue } from "../validation/describe-issue.js";
import { valueExcerpt } from "../validation/value-excerpt.js";

const KNOWN = new Set<string>(TOOL_MESSAGE_TYPES);

/**
 * Parses one `{type, message, meta}` item (a `stream` item of a tool, agent-strategy or datasource reply).
 * An unknown `type` becomes an {@link UnknownToolInvokeMessage}; a known type with a malformed payload throws
 * a `ProtocolError` naming the field.
 */
export function parseToolInvokeMessage(value: unknown): ToolInvokeMessage {
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
    throw new ProtocolError("tool message is not an object with a string `type`", {
      excerpt: valueExcerpt(value),
    });
  }
  const raw = value as { type: string; [key: string]: unknown };
  if (!KNOWN.has(raw.type)) return { type: "unknown", raw };
  const parsed = KnownToolInvokeMessageSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ProtocolError(`invalid \`${raw.type}\` tool message: ${describeIssue(parsed.error)}`, {
    cause: parsed.error,
    excerpt: valueExcerpt(value),
  });
}
