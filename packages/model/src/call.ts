import type { InvocationStream, Session } from "@x/core";

/** What model and app clients need from a session. */
export type Invoker = Pick<Session, "invoke">;

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
