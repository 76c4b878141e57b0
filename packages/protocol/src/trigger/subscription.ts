import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

// A trigger subscription: the webhook Dify allocated for a trigger provider and what the plugin set up behind it
// (the Python SDK's `Subscription`, `entities/trigger.py`). The daemon never looks inside: requests and replies
// carry it as a free-form map (`pkg/entities/requests/trigger.go`), so its shape is the SDK's and Dify's.

/** `expires_at` meaning "never expires": Dify then never asks for `refresh_trigger`. */
export const SUBSCRIPTION_NEVER_EXPIRES = -1;

const SubscriptionShape = lazySchema(() => ({
  /** Unix seconds (UTC) after which Dify calls `refresh_trigger`; {@link SUBSCRIPTION_NEVER_EXPIRES} for never. */
  expires_at: z
    .number({ error: "expires_at must be Unix seconds, or -1 for never" })
    .int("expires_at must be a whole number of seconds")
    .nullish()
    .transform((value) => value ?? SUBSCRIPTION_NEVER_EXPIRES),
  /** The webhook URL Dify allocated for this subscription (what `subscribe_trigger` received as `endpoint`). */
  endpoint: z.string({ error: "endpoint is required: the webhook URL Dify allocated" }),
  /** The constructor parameters the subscription was made with (`null` for a manual subscription). */
  parameters: z
    .record(z.string(), z.unknown(), { error: "parameters must be an object or null" })
    .nullish()
    .transform((value) => value ?? null),
  /** What the plugin needs later (external webhook id, secret, ...), keyed as in `subscription_schema`. */
  properties: z
    .record(z.string(), z.unknown(), { error: "properties must be an object" })
    .nullish()
    .transform((value) => value ?? {}),
}));

/**
 * A subscription as a trigger request carries it (`subscription` of `invoke_trigger_event`,
 * `dispatch_trigger_event`, `unsubscribe_trigger`, `refresh_trigger`): `expires_at` (absent or `null` read as
 * -1), `endpoint`, `parameters` (`null` when absent), `properties` (`{}` when absent). Unknown keys (Dify may add
 * its own) are kept.
 */
export const TriggerSubscriptionSchema = lazySchema(() => z.looseObject(SubscriptionShape));

/** A subscription as received. */
export type TriggerSubscription = z.infer<typeof TriggerSubscriptionSchema>;

/**
 * A subscription as `subscribe_trigger` and `refresh_trigger` return it: the same four keys, written out in the
 * Python SDK's order (`expires_at`, `endpoint`, `parameters`, `properties`) with its defaults (-1, `null`, `{}`).
 * Unknown keys are refused so a misspelt `properties` is caught rather than stored empty.
 */
export const TriggerSubscriptionResultSchema = lazySchema(() =>
  z.strictObject(SubscriptionShape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key(s) ${issue.keys.join(", ")}: a subscription is { expires_at, endpoint, parameters, properties }`
        : issue.code === "invalid_type"
          ? "expected a subscription object { expires_at, endpoint, parameters, properties }"
          : undefined,
  }),
);

/** A subscription as returned. */
export type TriggerSubscriptionResult = z.infer<typeof TriggerSubscriptionResultSchema>;

/** A subscription as a plugin writes it (defaults not yet filled in). */
export type TriggerSubscriptionResultInput = z.input<typeof TriggerSubscriptionResultSchema>;

/**
 * What `unsubscribe_trigger` returns (the SDK's `UnsubscribeResult`): whether the external webhook was removed and
 * a message. It travels under the `subscription` key of the reply. (The daemon's own `Unsubscription` struct,
 * whose `success` is Go-required, is not used on this path: the reply is a free-form map, so `false` passes.)
 */
export const UnsubscribeResultSchema = lazySchema(() =>
  z.strictObject(
    {
      success: z.boolean({ error: "success is required (true when the subscription was removed)" }),
      message: z
        .string({ error: "message must be a string or null" })
        .nullish()
        .transform((value) => value ?? null),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown key(s) ${issue.keys.join(", ")}: an unsubscribe result is { success, message }`
          : issue.code === "invalid_type"
            ? "expected an unsubscribe result { success, message }"
            : undefined,
    },
  ),
);

/** An unsubscribe result as sent. */
export type UnsubscribeResult = z.infer<typeof UnsubscribeResultSchema>;
