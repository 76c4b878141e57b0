const FAULT = Symbol.for("x.testing.fault");

/** {@link fault.error}: an `error` event with `message`. */
interface ErrorFault {
  readonly [FAULT]: true;
  readonly kind: "error";
  readonly message: string;
}
/** {@link fault.delay}: a pause, then `then` (if given); answer types name it to type `then` per mock. */
export interface DelayFault<Then> {
  readonly [FAULT]: true;
  readonly kind: "delay";
  readonly ms: number;
  readonly then?: Then;
}
/** {@link fault.hang}: the call never ends. */
interface HangFault {
  readonly [FAULT]: true;
  readonly kind: "hang";
}
/** {@link fault.drop}: the connection drops. */
interface DropFault {
  readonly [FAULT]: true;
  readonly kind: "drop";
}
/** {@link fault.permissionDenied}: the daemon's permission-denied text for the call's type. */
interface PermissionDeniedFault {
  readonly [FAULT]: true;
  readonly kind: "permission_denied";
}

/**
 * A failure injected in place of an answer, or between the items of a streamed answer. `Then` is the answer a
 * {@link fault.delay} gives after its pause (typed per mock: `fault.delay(10, { result: true })` on a moderation
 * mock is checked like the answer itself).
 */
export type Fault<Then = unknown> =
  | ErrorFault
  | DelayFault<Then>
  | HangFault
  | DropFault
  | PermissionDeniedFault;

/** True when `value` is a {@link Fault}. */
export function isFault(value: unknown): value is Fault {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[FAULT] === true;
}

/**
 * Faults on demand. Use one wherever an answer goes (`mock.tool(..., fault.error("boom"))`), inside a
 * {@link perCall} list, or yield one from an async generator answer to fail mid-stream.
 */
export const fault = {
  /** The daemon answers with an `error` event carrying `message`, then `end`. */
  error(message: string): Fault<never> {
    return { [FAULT]: true, kind: "error", message };
  },
  /** Waits `ms` milliseconds, then answers with `then` (or, inside a stream, just waits). */
  delay<Then = never>(ms: number, then?: Then): Fault<Then> {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`delay must be a non-negative number of ms, got ${ms}`);
    return then === undefined
      ? { [FAULT]: true, kind: "delay", ms }
      : { [FAULT]: true, kind: "delay", ms, then };
  },
  /** The call never ends: no further event, no `end` (tests the plugin's idle and total timeouts). */
  hang(): Fault<never> {
    return { [FAULT]: true, kind: "hang" };
  },
  /** The daemon drops the connection mid-call (every in-flight call of the plugin then fails). */
  drop(): Fault<never> {
    return { [FAULT]: true, kind: "drop" };
  },
  /** The daemon's permission-denied answer for the call's type, with its exact text. */
  permissionDenied(): Fault<never> {
    return { [FAULT]: true, kind: "permission_denied" };
  },
} as const;
