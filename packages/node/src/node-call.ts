import { type InvokeOptions, parseInput, type Session } from "@x/core";
import type { z } from "zod";
import { NoNodeResponseError } from "./errors/no-node-response-error.js";
import { reverseCallOptions } from "./invoke-options.js";
import type { ReplyContext } from "./reply-context.js";

type RequestSchema = z.ZodType<Record<string, unknown>>;

/** Which node a client calls: its reverse-call type, the name its errors use and its request schema. */
export interface NodeTarget<S extends RequestSchema> {
  /** `node_parameter_extractor` or `node_question_classifier`. */
  readonly invokeType: string;
  /** Human name of the node, e.g. `parameter extractor`. */
  readonly node: string;
  /** Validates the request before anything is sent. */
  readonly schema: S;
}

/** A node call's arguments, whichever order the caller used. */
export interface NodeArguments<O extends InvokeOptions> {
  /** The request as the caller wrote it, not yet validated. */
  readonly input: unknown;
  /** The call options, if any. */
  readonly options: O | undefined;
}

/**
 * Accepts both calling conventions: a request object then options, or the Python SDK's positional order
 * `(list, model, query, instruction?, options?)`, where `list` (an array) becomes the request's `listKey`.
 */
export function nodeArguments<O extends InvokeOptions>(
  listKey: string,
  first: unknown,
  rest: readonly unknown[],
): NodeArguments<O> {
  if (!Array.isArray(first)) return { input: first, options: rest[0] as O | undefined };
  const [model, query, instruction, options] = rest;
  return { input: { [listKey]: first, model, query, instruction }, options: options as O | undefined };
}

/** A validated request, the node's one reply, and the context reply errors are reported with. */
export interface NodeReply<R> {
  /** The request as sent. */
  readonly request: R;
  /** The first `response` of the call. */
  readonly reply: unknown;
  /** Names the call in reply errors. */
  readonly context: ReplyContext;
}

/**
 * Validates `input` with the target's schema (nothing is sent when it is bad), makes the reverse call and waits
 * for its first reply; a call that ends without one throws {@link NoNodeResponseError}.
 */
export async function callNode<S extends RequestSchema>(
  session: Session,
  target: NodeTarget<S>,
  { input, options }: NodeArguments<InvokeOptions>,
): Promise<NodeReply<z.output<S>>> {
  // `field` in the readable form users write, e.g. `parameters[2].options`; the zod error is the cause.
  const request = parseInput(target.schema, input, { pathStyle: "indexed" });
  const stream = session.invoke(target.invokeType, request, reverseCallOptions(options));
  const context: ReplyContext = {
    invokeType: target.invokeType,
    backwardsRequestId: stream.id,
    node: target.node,
  };
  const reply = await stream.first();
  if (reply === undefined) throw new NoNodeResponseError(context);
  return { request, reply, context };
}
