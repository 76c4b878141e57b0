import {
  type InvocationStream,
  type InvokeOptions,
  ProtocolError,
  type Session,
  ValidationError,
} from "@x/core";
import type { z } from "zod";

/** What model and app clients need from a session. */
export type Invoker = Pick<Session, "invoke">;

/** Validates caller input with `schema`; the first issue becomes a `ValidationError` naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
  throw new ValidationError(`${what}: ${issue?.message ?? "invalid input"}`, field ? { field } : {});
}

/** Validates one reply item from the daemon; a mismatch is a `ProtocolError` that names the invoke type. */
export function parseReply<S extends z.ZodType>(schema: S, value: unknown, type: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ProtocolError(
    `${type}: unexpected reply from the daemon (${issue ? `${issue.path.join(".") || "reply"}: ${issue.message}` : "bad shape"})`,
    { excerpt: JSON.stringify(value)?.slice(0, 200) },
  );
}

/** Makes a reverse call answered by one `struct` item and returns that item, validated. */
export async function invokeOne<S extends z.ZodType>(
  session: Invoker,
  type: string,
  request: Record<string, unknown>,
  schema: S,
  options: InvokeOptions,
): Promise<z.output<S>> {
  const reply = await session.invoke(type, request, options).first();
  if (reply === undefined) throw new ProtocolError(`${type}: the daemon ended the call without a reply`);
  return parseReply(schema, reply, type);
}

/** A stream that fails on first read: used when input validation fails, so nothing is sent. */
export function failedStream<T>(type: string, error: unknown): InvocationStream<T> {
  return {
    id: "",
    type,
    toArray: () => Promise.reject(error),
    first: () => Promise.reject(error),
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
  };
}
