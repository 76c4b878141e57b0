import type { InvokeType } from "@x/protocol";
import type { z } from "zod";
import type { SessionBase } from "../runtime/session-base.js";
import { invokeOne } from "../validation/invoke-one.js";
import { parseInput } from "../validation/parse-input.js";
import type { InvokeOptions } from "./invoke-options.js";

/** How one request/reply reverse call is made: its invoke type, request and reply schemas, and the result's shape. */
export interface OneShotCallSpec<Request extends z.ZodType, Reply extends z.ZodType, Result> {
  /** The invoke type, e.g. `text_embedding`. */
  readonly type: InvokeType;
  /** Validates what the caller passes (input) and builds the wire `request` (output). */
  readonly request: Request;
  /** Validates the one reply item. */
  readonly reply: Reply;
  /** Turns the validated reply into what the caller gets (default: the reply itself). */
  readonly result?: (reply: z.output<Reply>) => Result;
}

/** A reverse call answered by one item, as a function of the session, the caller's parameters and call options. */
export type OneShotCall<Params, Result> = (
  session: Pick<SessionBase, "invoke">,
  params: Params,
  options?: InvokeOptions,
) => Promise<Result>;

/**
 * Defines a request/reply reverse call from its table row: the parameters are validated (a `ValidationError` naming
 * the field, nothing sent), the wire request built by the request schema, the one reply validated (a
 * `ProtocolError` naming the call) and mapped. Every such client of the SDK is one row, not a class.
 */
export function defineOneShotCall<
  Request extends z.ZodType,
  Reply extends z.ZodType,
  Result = z.output<Reply>,
>(spec: OneShotCallSpec<Request, Reply, Result>): OneShotCall<z.input<Request>, Result> {
  const map = spec.result ?? ((reply: z.output<Reply>) => reply as unknown as Result);
  return async (session, params, options = {}) => {
    const request = parseInput(spec.request, params, { what: spec.type }) as Record<string, unknown>;
    return map(await invokeOne(session, spec.type, request, spec.reply, options));
  };
}
