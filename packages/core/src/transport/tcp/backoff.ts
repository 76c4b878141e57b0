/** Reconnection policy of the TCP transport. */
export interface BackoffOptions {
  /** Connection attempts per outage (and at start) before giving up. Default 10. */
  attempts?: number;
  /** Delay before the second attempt, in ms. Default 500. */
  initialDelay?: number;
  /** Upper bound of any delay, in ms. Default 30 000. */
  maxDelay?: number;
  /** Growth factor between attempts. Default 2. */
  factor?: number;
}

/** Delay before attempt `attempt` (2, 3, ...): exponential, capped, with ±20 % jitter so plugins do not stampede. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelay ?? 500;
  const max = options.maxDelay ?? 30_000;
  const factor = options.factor ?? 2;
  const base = Math.min(max, initial * factor ** Math.max(0, attempt - 2));
  return Math.min(max, Math.round(base * (0.8 + Math.random() * 0.4)));
}

/** Resolves after `ms`, or early (without error) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
