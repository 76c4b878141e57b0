/** Options of every call that waits on the daemon. */
export interface InvokeOptions {
  /** Aborts the call; it then fails with `AbortedError` carrying the signal's reason. */
  signal?: AbortSignal;
  /** Total budget in ms for the whole call. Default: none (the daemon cuts calls to Dify at 240 s). */
  timeout?: number;
  /** Longest gap in ms between two frames of the call. Default 250 000, like the Python SDK's `MAX_INVOCATION_TIMEOUT`. */
  idleTimeout?: number;
}

/** Default idle timeout of a reverse call: 250 s (`MAX_INVOCATION_TIMEOUT` of the Python SDK). */
export const DEFAULT_IDLE_TIMEOUT_MS = 250_000;
