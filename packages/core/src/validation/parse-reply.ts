import type { z } from "zod";
import { ProtocolError } from "../errors/protocol-error.js";
import { describeIssue } from "./describe-issue.js";
import { valueExcerpt } from "./value-excerpt.js";

/** Options of {@link parseReply}. */
export interface ParseReplyOptions {
  /** Names the call in the message, usually the invoke type (`rerank`, `storage get`). */
  what: string;
}

/**
 * Validates one item the daemon sent back with `schema` and returns the parsed value. A mismatch is a
 * {@link ProtocolError} naming the call and the first bad field, with the start of the item as `excerpt`.
 */
export function parseReply<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: ParseReplyOptions,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ProtocolError(
    `${options.what}: unexpected reply from the daemon (${describeIssue(parsed.error, { subject: "reply" })})`,
    { cause: parsed.error, excerpt: valueExcerpt(value) },
  );
}
