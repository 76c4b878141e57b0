import { z } from "zod";
import { EnvelopeFieldsSchema } from "./request-frame.js";

/** `data` of a `backwards_response` frame: one event of a reverse call (§2.5). */
export const BackwardsResponseEventSchema = z.object({
  backwards_request_id: z.string(),
  event: z.enum(["response", "error", "end"]),
  message: z
    .string()
    .nullish()
    .transform((value) => value ?? ""),
  data: z.unknown().optional(),
});

/** One parsed reverse-call event. */
export type BackwardsResponseEvent = z.infer<typeof BackwardsResponseEventSchema>;

/** A `backwards_response` frame: the daemon answers a reverse call the plugin made. */
export const BackwardsResponseFrameSchema = z.object({
  ...EnvelopeFieldsSchema,
  event: z.literal("backwards_response"),
  data: BackwardsResponseEventSchema,
});

/** A parsed `backwards_response` frame. */
export type BackwardsResponseFrame = z.infer<typeof BackwardsResponseFrameSchema>;
