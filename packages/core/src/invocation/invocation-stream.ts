/** The answer of one reverse call: an async stream of the `data` of each `response` event, ending on `end`. */
export interface InvocationStream<T = unknown> extends AsyncIterable<T> {
  /** The `backwards_request_id` of the call. */
  readonly id: string;
  /** The invoke type, e.g. `tool`. */
  readonly type: string;
  /** Reads the whole stream into an array. */
  toArray(): Promise<T[]>;
  /** Resolves with the first item (or `undefined` if the call ended without one) and drops the rest. */
  first(): Promise<T | undefined>;
}
