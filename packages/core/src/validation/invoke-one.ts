import type { z } from "zod";
import { ProtocolError } from "../errors/protocol-error.js";
import type { InvokeOptions } from "../invocation/invoke-options.js";
import type { Session } from "../runtime/session.js";
import { parseReply } from "./parse-reply.js";

/** Options of {@link invokeOne}: the call's options plus how errors name it. */
export interface InvokeOneOptions extends InvokeOptions {
  /** Names the call in reply errors (`storage get`, `app 42`); the invoke type by default. */
  what?: string;
}

/**
 * Makes a reverse call answered by one item and returns that item validated with `schema`. A call that ends
 * without any item, or whose item does not match, is a {@link ProtocolError} naming the call.
 */
export async function invokeOne<S extends z.ZodType>(
  session: Pick<Session, "invoke">,
  type: string,
  request: Record<string, unknown>,
  schema: S,
  options: InvokeOneOptions = {},
): Promise<z.output<S>> {
  const { what = type, ...invokeOptions } = options;
  const reply = await session.invoke(type, request, invokeOptions).first();
  if (reply === undefined) throw new ProtocolError(`${what}: the daemon ended the call without a reply`);
  return parseReply(schema, reply, { what });
}
