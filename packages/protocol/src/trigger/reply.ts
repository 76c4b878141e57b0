import { z } from "zod";
import { isHexText } from "../endpoint/request.js";
import { lazySchema } from "../lazy-schema.js";
import type { TriggerAction } from "./request.js";
import { TriggerSubscriptionResultSchema, UnsubscribeResultSchema } from "./subscription.js";

// Replies are one or more `stream` items (§2.3; the response structs of `pkg/entities/requests/trigger.go`).
// Those structs check nothing beyond JSON types (`subscription` and `variables` are free-form maps, `response` a
// plain string), and Dify reads what arrives with the Python SDK's models (`core/entities/plugin/request.py`).
// So these schemas follow the SDK: its required keys are required, its defaults are filled in, unknown keys are
// refused. The stream buffer is 512 items for `invoke_trigger_event` and `dispatch_trigger_event` and 1 for the
// others (`internal/server/controllers/definitions/definitions.go`); the SDK sends exactly one item for each.

const unknownKeys = (shape: string) => (issue: z.core.$ZodRawIssue) =>
  issue.code === "unrecognized_keys"
    ? `unknown key(s) ${issue.keys.join(", ")}: the reply is ${shape}`
    : issue.code === "invalid_type"
      ? `expected an object ${shape}`
      : undefined;

const JsonObject = (what: string) =>
  z.record(z.string(), z.unknown(), { error: `${what} must be an object` });

/**
 * The reply to `invoke_trigger_event` (`TriggerInvokeEventResponse`): the event's output `variables` (shaped by
 * the event's `output_schema`) and `cancelled` (default false). To drop an event, send `{ variables: {},
 * cancelled: true }` (what the SDK does on `EventIgnoreError`).
 */
export const InvokeTriggerEventReplySchema = lazySchema(() =>
  z.strictObject(
    {
      variables: JsonObject("variables (the event's output, shaped by its output_schema)"),
      cancelled: z.boolean({ error: "cancelled must be a boolean" }).default(false),
    },
    { error: unknownKeys("{ variables, cancelled? }") },
  ),
);

/** The `invoke_trigger_event` reply as sent. */
export type InvokeTriggerEventReply = z.infer<typeof InvokeTriggerEventReplySchema>;

/** An `invoke_trigger_event` reply as a plugin writes it. */
export type InvokeTriggerEventReplyInput = z.input<typeof InvokeTriggerEventReplySchema>;

/**
 * The reply to `validate_trigger_credentials` (`TriggerValidateProviderCredentialsResponse`): `{ result: true }`.
 * Report invalid credentials with an error message, not `result: false`.
 */
export const ValidateTriggerCredentialsReplySchema = lazySchema(() =>
  z.strictObject(
    { result: z.boolean({ error: "result is required (true when the credentials are valid)" }) },
    { error: unknownKeys("{ result }") },
  ),
);

/** The `validate_trigger_credentials` reply as sent. */
export type ValidateTriggerCredentialsReply = z.infer<typeof ValidateTriggerCredentialsReplySchema>;

/**
 * The reply to `dispatch_trigger_event` (`TriggerDispatchEventResponse`; the SDK's `TriggerDispatchResponse`):
 * `user_id` (who caused the webhook on the external service, `""` when unknown), `events` (the names of the
 * events to fire, each arriving as an `invoke_trigger_event`; `[]` fires none), `response` (hex of the raw HTTP
 * response for the webhook caller; build it with `serializeHttpResponseHex`) and `payload` (decoded webhook data
 * handed to each `invoke_trigger_event`, default `{}`). The daemon does not check `response`; a value that is not
 * hex would fail in Dify, so it is refused here.
 */
export const DispatchTriggerEventReplySchema = lazySchema(() =>
  z.strictObject(
    {
      user_id: z.string({ error: "user_id must be a string" }).default(""),
      events: z
        .array(z.string({ error: "each event must be an event name" }), {
          error: "events must be an array of event names",
        })
        .default([]),
      response: z
        .string({ error: "response is required: the hex of a raw HTTP response (serializeHttpResponseHex)" })
        .min(1, "response must not be empty: the webhook caller needs an HTTP response")
        .refine(isHexText, "response must be hex text (an even number of 0-9, a-f)"),
      payload: JsonObject("payload").default({}),
    },
    { error: unknownKeys("{ user_id?, events, response, payload? }") },
  ),
);

/** The `dispatch_trigger_event` reply as sent. */
export type DispatchTriggerEventReply = z.infer<typeof DispatchTriggerEventReplySchema>;

/** A `dispatch_trigger_event` reply as a plugin writes it. */
export type DispatchTriggerEventReplyInput = z.input<typeof DispatchTriggerEventReplySchema>;

/** The reply to `subscribe_trigger` (`TriggerSubscribeResponse`): `{ subscription }`, the subscription created. */
export const SubscribeTriggerReplySchema = lazySchema(() =>
  z.strictObject(
    { subscription: TriggerSubscriptionResultSchema },
    { error: unknownKeys("{ subscription: { expires_at, endpoint, parameters, properties } }") },
  ),
);

/** The `subscribe_trigger` reply as sent. */
export type SubscribeTriggerReply = z.infer<typeof SubscribeTriggerReplySchema>;

/**
 * The reply to `unsubscribe_trigger` (`TriggerUnsubscribeResponse`): the unsubscribe result `{ success, message }`
 * under the key `subscription` (that is where the Python SDK puts it).
 */
export const UnsubscribeTriggerReplySchema = lazySchema(() =>
  z.strictObject(
    { subscription: UnsubscribeResultSchema },
    { error: unknownKeys("{ subscription: { success, message } }") },
  ),
);

/** The `unsubscribe_trigger` reply as sent. */
export type UnsubscribeTriggerReply = z.infer<typeof UnsubscribeTriggerReplySchema>;

/** The reply to `refresh_trigger` (`TriggerRefreshResponse`): `{ subscription }` with its new `expires_at`. */
export const RefreshTriggerReplySchema = lazySchema(() =>
  z.strictObject(
    { subscription: TriggerSubscriptionResultSchema },
    { error: unknownKeys("{ subscription: { expires_at, endpoint, parameters, properties } }") },
  ),
);

/** The `refresh_trigger` reply as sent. */
export type RefreshTriggerReply = z.infer<typeof RefreshTriggerReplySchema>;

/** The schema of one reply item for each trigger action. */
export const TRIGGER_REPLY_SCHEMAS = {
  invoke_trigger_event: InvokeTriggerEventReplySchema,
  validate_trigger_credentials: ValidateTriggerCredentialsReplySchema,
  dispatch_trigger_event: DispatchTriggerEventReplySchema,
  subscribe_trigger: SubscribeTriggerReplySchema,
  unsubscribe_trigger: UnsubscribeTriggerReplySchema,
  refresh_trigger: RefreshTriggerReplySchema,
} as const satisfies Record<TriggerAction, z.ZodType>;
