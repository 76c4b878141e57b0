import { formatIssuePath } from "@x/core/internal";
import { type NodeResponse, NodeResponseSchema, type NodeUsage, NodeUsageSchema } from "@x/protocol";
import { InvalidNodeResponseError } from "./errors/invalid-node-response-error.js";

/** Identifies one node call, so reply errors can say which call and node they are about. */
export interface ReplyContext {
  /** `node_parameter_extractor` or `node_question_classifier`. */
  invokeType: string;
  /** The `backwards_request_id` of the call. */
  backwardsRequestId: string;
  /** Human name of the node, e.g. `parameter extractor`. */
  node: string;
}

/** Throws an {@link InvalidNodeResponseError} about `field` of `reply`. */
export function invalidReply(context: ReplyContext, reply: unknown, problem: string, field?: string): never {
  throw new InvalidNodeResponseError({
    ...context,
    problem,
    reply,
    ...(field === undefined ? {} : { field }),
  });
}

/** Checks the reply is `{inputs, outputs, process_data}` with three objects. */
export function parseNodeResponse(context: ReplyContext, reply: unknown): NodeResponse {
  const parsed = NodeResponseSchema.safeParse(reply);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = formatIssuePath(issue.path, { style: "indexed" });
  const problem =
    issue.code === "invalid_type"
      ? `expected an object, got ${describe(valueAt(reply, issue.path))}`
      : issue.message;
  return invalidReply(context, reply, problem, field);
}

/** Parses an LLM usage object when one is present. */
export function parseUsage(
  context: ReplyContext,
  reply: unknown,
  value: unknown,
  field: string,
): NodeUsage | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = NodeUsageSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = formatIssuePath(issue.path, { style: "indexed", prefix: field });
  return invalidReply(context, reply, issue.message, path);
}

/** A short description of a JSON value for error messages (never the value itself: it may be large). */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Quotes a text from the reply for an error message, cut short: model output can be long. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
