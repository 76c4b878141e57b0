import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Dify's free-form session context; the SDK reads `credentials.tool_credentials` (provider → credential id). */
export const SessionContextSchema = lazySchema(() =>
  z
    .looseObject({
      credentials: z
        .looseObject({
          // Free-form on Dify's side: a malformed part is dropped rather than failing the whole request.
          tool_credentials: z.record(z.string(), z.string()).nullish().catch(undefined),
        })
        .nullish()
        .catch(undefined),
    })
    .nullish()
    .catch(undefined)
    .transform((value) => value ?? {}),
);

/** Session context as the plugin sees it (never null). */
export type SessionContext = z.infer<typeof SessionContextSchema>;

/** The keys every D→P frame carries beside `event` and `data` (§2.1). Unknown keys are ignored. */
export const EnvelopeFieldsSchema = lazySchema(() => ({
  session_id: z.string(),
  conversation_id: z.string().nullish(),
  message_id: z.string().nullish(),
  app_id: z.string().nullish(),
  endpoint_id: z.string().nullish(),
  context: SessionContextSchema,
}));

/**
 * `data` of a `request` frame: `type` and `action` route it; the rest is the flattened request struct.
 * `credentials: null` is read as `{}` (the daemon may send null; §8 item 16).
 */
export const RequestDataSchema = lazySchema(() =>
  z
    .looseObject({
      type: z.string(),
      action: z.string(),
      user_id: z.string().nullish(),
      credentials: z
        .record(z.string(), z.unknown())
        .nullish()
        .transform((value) => value ?? {}),
    })
    // Object.assign, not a spread: keeps the index signature of the loose object, so action keys stay readable.
    .transform((value) => Object.assign(value, { user_id: value.user_id ?? "" })),
);

/** The payload of a daemon request: `type`, `action`, `user_id`, `credentials` plus action-specific keys. */
export type RequestData = z.infer<typeof RequestDataSchema>;

/** A `request` frame: the daemon asks the plugin to run one action in a new session. */
export const RequestFrameSchema = lazySchema(() =>
  z.object({
    ...EnvelopeFieldsSchema,
    event: z.literal("request"),
    data: RequestDataSchema,
  }),
);

/** A parsed `request` frame. */
export type RequestFrame = z.infer<typeof RequestFrameSchema>;
