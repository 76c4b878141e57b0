import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { BackwardsResponseFrameSchema } from "./backwards-response-frame.js";
import { RequestFrameSchema } from "./request-frame.js";

/** Every frame the daemon sends a plugin after registration, discriminated on `event`. */
export const InboundFrameSchema = lazySchema(() =>
  z.discriminatedUnion("event", [RequestFrameSchema, BackwardsResponseFrameSchema]),
);

/** A parsed D→P frame. */
export type InboundFrame = z.infer<typeof InboundFrameSchema>;
