import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { EnvelopeFieldsSchema } from "./request-frame.js";

/** `data` of a `backwards_response` frame: one event of a reverse call (§2.5). */
export const BackwardsResponseEventSchema = lazySchema(() =>
  z.object({
    backwards_request_id: z.string(),
    event: z.enum(["response", "error", "end"]),
    message: z
      .string()
      .nullish()
      .transform((value) => value ?? ""),
    data: z.unknown().optional(),
  }),
);

/** One parsed reverse-call event. */
export type BackwardsResponseEvent = z.infer<typeof BackwardsResponseEventSchema>;

/** A `backwards_response` frame: the daemon answers a reverse call the plugin made. */
export const BackwardsResponseFrameSchema = lazySchema(() =>
  z.object({
    ...EnvelopeFieldsSchema,
    event: z.literal("backwards_response"),
    data: BackwardsResponseEventSchema,
  }),
);

/** A parsed `backwards_response` frame. */
export type BackwardsResponseFrame = z.infer<typeof BackwardsResponseFrameSchema>;

const EVENTS: ReadonlySet<string> = new Set(["response", "error", "end"]);

/**
 * Reads the `data` of a `backwards_response` frame with exactly the rules of {@link BackwardsResponseEventSchema},
 * without zod on the hot path (one of these arrives per streamed item of every reverse call).
 * Returns the event, or a description of the first problem.
 */
export function readBackwardsResponseEvent(
  value: unknown,
): { success: true; data: BackwardsResponseEvent } | { success: false; error: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { success: false, error: "data: expected an object" };
  }
  const record = value as Record<string, unknown>;
  const id = record.backwards_request_id;
  if (typeof id !== "string")
    return { success: false, error: "data.backwards_request_id: expected a string" };
  const event = record.event;
  if (typeof event !== "string" || !EVENTS.has(event)) {
    return { success: false, error: 'data.event: expected "response", "error" or "end"' };
  }
  const message = record.message;
  if (message !== undefined && message !== null && typeof message !== "string") {
    return { success: false, error: "data.message: expected a string" };
  }
  const data: BackwardsResponseEvent = {
    backwards_request_id: id,
    event: event as BackwardsResponseEvent["event"],
    message: message ?? "",
  };
  if ("data" in record) data.data = record.data;
  return { success: true, data };
}
