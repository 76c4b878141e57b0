import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/**
 * An error payload the daemon accepts (§3.3): string `error_type`, string `message`, `args` with at most 10 keys.
 * A payload that breaks these rules is silently ignored by the daemon, so sending is strict.
 */
export const ErrorPayloadSchema = lazySchema(() =>
  z.strictObject({
    error_type: z.string(),
    message: z.string(),
    args: z
      .record(z.string(), z.unknown())
      .nullable()
      .refine((args) => args === null || Object.keys(args).length <= 10, "args may have at most 10 keys"),
  }),
);

/** The `data` of an `error` session message. */
export type ErrorPayload = z.infer<typeof ErrorPayloadSchema>;

/** `data` of an `invoke` session message: one reverse call (§4.1). */
export const InvokePayloadSchema = lazySchema(() =>
  z.strictObject({
    type: z.string().min(1),
    backwards_request_id: z.string().min(1),
    request: z.record(z.string(), z.unknown()),
  }),
);

/** The `data` of an `invoke` session message. */
export type InvokePayload = z.infer<typeof InvokePayloadSchema>;

/** A session message (§3.2): `stream` (one reply item), `invoke`, `error` or the final `end`. */
export const SessionMessageSchema = lazySchema(() =>
  z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("stream"), data: z.unknown() }),
    z.strictObject({ type: z.literal("invoke"), data: InvokePayloadSchema }),
    z.strictObject({ type: z.literal("error"), data: ErrorPayloadSchema }),
    z.strictObject({ type: z.literal("end"), data: z.record(z.string(), z.unknown()) }),
  ]),
);

/** A session message as sent. */
export type SessionMessage = z.infer<typeof SessionMessageSchema>;
