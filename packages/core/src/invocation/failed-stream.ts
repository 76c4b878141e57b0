import type { InvocationStream } from "./invocation-stream.js";

/**
 * A call that never went out: its stream fails on the first read with `error` (typically the `ValidationError` of
 * bad parameters), so a streaming API can report input problems the same way it reports call failures.
 */
export function failedStream<T = unknown>(type: string, error: unknown): InvocationStream<T> {
  const fail = () => Promise.reject(error);
  return {
    id: "",
    type,
    toArray: fail,
    first: fail,
    [Symbol.asyncIterator]: () => ({ next: fail }),
  };
}
