import { DifyPluginError, hasCode } from "./dify-plugin-error.js";

/** Which timer ended a reverse call: the total budget or the gap between two frames. */
export type InvocationTimer = "total" | "idle";

/** A reverse call ran out of time. `timer` says which limit fired. */
export class InvocationTimeoutError extends DifyPluginError {
  /** `total` (whole call) or `idle` (no frame for `ms`). */
  readonly timer: InvocationTimer;
  /** The limit that fired, in milliseconds. */
  readonly ms: number;
  /** The invoke type of the call. */
  readonly invokeType: string;
  /** The `backwards_request_id` of the call. */
  readonly backwardsRequestId: string;

  constructor(details: {
    timer: InvocationTimer;
    ms: number;
    invokeType: string;
    backwardsRequestId: string;
  }) {
    const what =
      details.timer === "idle"
        ? `received nothing for ${details.ms} ms (idleTimeout)`
        : `did not finish within ${details.ms} ms (timeout)`;
    super("invocation_timeout", `${details.invokeType} invocation ${details.backwardsRequestId} ${what}`);
    this.timer = details.timer;
    this.ms = details.ms;
    this.invokeType = details.invokeType;
    this.backwardsRequestId = details.backwardsRequestId;
  }

  /** True for an `InvocationTimeoutError` from any copy of the package. */
  static override isInstance(error: unknown): error is InvocationTimeoutError {
    return hasCode(error, "invocation_timeout");
  }
}
