import { brandError } from "./brand.js";
import { DifyPluginError } from "./dify-plugin-error.js";

/**
 * Which timer ended a reverse call: the call's own `timeout` (`total`), the gap between two frames (`idle`), or the
 * time budget of the session that made it (`deadline`: `sessionTimeout` / `MAX_SESSION_TIMEOUT`).
 */
export type InvocationTimer = "total" | "idle" | "deadline";

/** A reverse call ran out of time. `timer` says which limit fired. */
export class InvocationTimeoutError extends DifyPluginError {
  /** `total` (the call's `timeout`), `idle` (no frame for `ms`) or `deadline` (the session's budget ran out). */
  readonly timer: InvocationTimer;
  /** The limit that fired, in milliseconds (for `deadline`: the session's whole budget). */
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
        : details.timer === "deadline"
          ? `was cut off when its session's ${details.ms} ms budget ran out (sessionTimeout / MAX_SESSION_TIMEOUT)`
          : `did not finish within ${details.ms} ms (timeout)`;
    super(
      "DIFY_ERR_INVOCATION_TIMEOUT",
      `${details.invokeType} invocation ${details.backwardsRequestId} ${what}`,
    );
    this.timer = details.timer;
    this.ms = details.ms;
    this.invokeType = details.invokeType;
    this.backwardsRequestId = details.backwardsRequestId;
  }
}

brandError(InvocationTimeoutError, "InvocationTimeoutError");
