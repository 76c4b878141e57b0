import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { SessionMessageSchema } from "./session-message.js";

/** Log levels the daemon maps (§3.1): `debug`, `info`, `warning`, `error`. */
export const LogLevelSchema = lazySchema(() => z.enum(["debug", "info", "warning", "error"]));

/** A daemon log level. */
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** `data` of a `log` event. */
export const LogPayloadSchema = lazySchema(() =>
  z.strictObject({
    level: LogLevelSchema,
    message: z.string(),
    timestamp: z.number(),
  }),
);

/** Every frame a plugin sends after registration (§3.1). Field order is `event, session_id, data`, like the Python SDK. */
export const OutboundFrameSchema = lazySchema(() =>
  z.discriminatedUnion("event", [
    z.strictObject({
      event: z.literal("session"),
      session_id: z.string().min(1),
      data: SessionMessageSchema,
    }),
    z.strictObject({ event: z.literal("heartbeat"), session_id: z.null(), data: z.strictObject({}) }),
    z.strictObject({ event: z.literal("log"), session_id: z.null(), data: LogPayloadSchema }),
    z.strictObject({
      event: z.literal("error"),
      session_id: z.string().nullable(),
      data: z.strictObject({ error: z.string() }),
    }),
  ]),
);

/** A P→D frame. */
export type OutboundFrame = z.infer<typeof OutboundFrameSchema>;

/** A `session` frame. */
export type SessionFrame = Extract<OutboundFrame, { event: "session" }>;

/** The heartbeat frame; readiness and liveness come only from these (§0 item 2). */
export const HEARTBEAT_FRAME: OutboundFrame = Object.freeze({
  event: "heartbeat",
  session_id: null,
  data: Object.freeze({}),
}) as OutboundFrame;
