import type { InvokeOptions } from "@x/core";
import { parseInput, type SessionBase } from "@x/core/internal";
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

/** What a node client needs from a session: the reverse-call entry point. */
export type NodeInvoker = Pick<SessionBase, "invoke">;

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
  session: NodeInvoker,
  target: NodeTarget<S>,
  input: unknown,
  options: InvokeOptions | undefined,
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
