const PER_CALL = Symbol.for("x.testing.per-call");

/** Answers that change per call: the first call gets the first answer, and so on; the last one repeats. */
export interface PerCall<A> {
  readonly [PER_CALL]: true;
  /** The answers, in call order. */
  readonly answers: readonly A[];
}

/** One answer per call, in order; once they run out, the last answer is repeated (like `mockValues` of `ai/test`). */
export function perCall<const T extends readonly unknown[]>(...answers: T): PerCall<T[number]> {
  if (answers.length === 0) throw new RangeError("perCall needs at least one answer");
  return { [PER_CALL]: true, answers };
}

/** True when `value` was made by {@link perCall}. */
export function isPerCall(value: unknown): value is PerCall<unknown> {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PER_CALL] === true;
}

/** The answer for the `index`-th call (0-based). */
export function pickPerCall<A>(list: PerCall<A>, index: number): A {
  return list.answers[Math.min(index, list.answers.length - 1)] as A;
}
