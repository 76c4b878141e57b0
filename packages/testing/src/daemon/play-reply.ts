import type { ReplyStep } from "../mock/reply-step.js";

/** Sends one `backwards_response` event of a reverse call. */
export type ReplySender = (
  event: "response" | "error" | "end",
  message: string,
  data: unknown,
) => Promise<void>;

/**
 * Plays a mock's reply steps as the daemon would: each response as a `response` event, an error as `error` then
 * `end` (the daemon always ends), delays as waits, and finally `end` — except after `hang` (never ends) and `drop`
 * (the connection goes, via `drop`). Stops quietly when `signal` aborts (the connection closed).
 */
export async function playReply(
  steps: AsyncIterable<ReplyStep>,
  send: ReplySender,
  drop: () => void,
  signal: AbortSignal,
): Promise<void> {
  for await (const step of steps) {
    if (signal.aborted) return;
    switch (step.kind) {
      case "response":
        await send("response", step.message, step.data);
        continue;
      case "error":
        await send("error", step.message, null);
        await send("end", "", null);
        return;
      case "delay":
        await sleep(step.ms, signal);
        continue;
      case "hang":
        return;
      case "drop":
        drop();
        return;
    }
  }
  if (!signal.aborted) await send("end", "", null);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
