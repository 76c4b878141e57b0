import { z } from "zod";
import { CredentialsShape, ObjectOrEmptySchema } from "../credentials.js";
import { RawHttpRequestHexSchema } from "../endpoint/request.js";
import { lazySchema } from "../lazy-schema.js";
import { TriggerSubscriptionSchema } from "./subscription.js";

// `data` of the six trigger requests (§2.3, §2.4.3; `pkg/entities/requests/trigger.go`), flattened by the daemon
// as for every request (§2.2): keys without `omitempty` are always present (nil maps as `null`), `credential_type`
// is left out when empty, keys come out sorted. The routing keys are read by `RequestDataSchema`; unknown keys are
// kept and `null` maps are read as `{}`.
//
// The life of a trigger: Dify calls `subscribe_trigger` to create the external webhook (or the user enters the
// `subscription_schema` values by hand); each webhook call arrives as `dispatch_trigger_event`, which says which
// events fire; each fired event arrives as `invoke_trigger_event`, which returns the workflow variables. Dify calls
// `refresh_trigger` before `expires_at` and `unsubscribe_trigger` when the subscription is deleted.

/** Access type of trigger requests (`data.type`, §2.2). */
export const TRIGGER_ACCESS_TYPE = "trigger";

/** The trigger actions (`data.action`, §2.3; `internal/core/io_tunnel/access_types/access.go`). */
export const TRIGGER_ACTIONS = [
  "invoke_trigger_event",
  "validate_trigger_credentials",
  "dispatch_trigger_event",
  "subscribe_trigger",
  "unsubscribe_trigger",
  "refresh_trigger",
] as const;

/** One trigger action. */
export type TriggerAction = (typeof TRIGGER_ACTIONS)[number];

const provider = lazySchema(() => z.string({ error: "provider is required" }));
const subscription = TriggerSubscriptionSchema;

/**
 * `data` of `trigger` / `invoke_trigger_event` (`TriggerInvokeEventRequest`): one event `dispatch_trigger_event`
 * chose fires. `raw_http_request` is the same webhook call (hex of HTTP/1.1), `parameters` the event's parameter
 * values for the workflow (`null` read as `{}`), `payload` what dispatch returned as `payload` (`{}` when it
 * returned none). Reply `{ variables, cancelled }`.
 */
export const InvokeTriggerEventRequestSchema = lazySchema(() =>
  z.looseObject({
    provider,
    event: z.string({ error: "event is required" }),
    raw_http_request: RawHttpRequestHexSchema,
    parameters: ObjectOrEmptySchema,
    subscription,
    payload: ObjectOrEmptySchema,
    ...CredentialsShape,
  }),
);

/** A parsed `invoke_trigger_event` request. */
export type InvokeTriggerEventRequest = z.infer<typeof InvokeTriggerEventRequestSchema>;

/**
 * `data` of `trigger` / `validate_trigger_credentials` (`TriggerValidateProviderCredentialsRequest`): check the
 * API-key credentials of the subscription constructor. Reply `{ result: true }`, or an error.
 */
export const ValidateTriggerCredentialsRequestSchema = lazySchema(() =>
  z.looseObject({
    provider,
    ...CredentialsShape,
  }),
);

/** A parsed `validate_trigger_credentials` request. */
export type ValidateTriggerCredentialsRequest = z.infer<typeof ValidateTriggerCredentialsRequestSchema>;

/**
 * `data` of `trigger` / `dispatch_trigger_event` (`TriggerDispatchEventRequest`): a webhook call arrived for
 * `subscription`; `raw_http_request` is it as hex of HTTP/1.1 (§2.4.3). Reply with the events to fire and the HTTP
 * response for the caller.
 */
export const DispatchTriggerEventRequestSchema = lazySchema(() =>
  z.looseObject({
    provider,
    subscription,
    raw_http_request: RawHttpRequestHexSchema,
    ...CredentialsShape,
  }),
);

/** A parsed `dispatch_trigger_event` request. */
export type DispatchTriggerEventRequest = z.infer<typeof DispatchTriggerEventRequestSchema>;

/**
 * `data` of `trigger` / `subscribe_trigger` (`TriggerSubscribeRequest`): create the external webhook pointing at
 * `endpoint` (the URL Dify allocated) with the constructor `parameters` (`null` read as `{}`). Reply
 * `{ subscription }`.
 */
export const SubscribeTriggerRequestSchema = lazySchema(() =>
  z.looseObject({
    provider,
    endpoint: z.string({ error: "endpoint is required" }),
    parameters: ObjectOrEmptySchema,
    ...CredentialsShape,
  }),
);

/** A parsed `subscribe_trigger` request. */
export type SubscribeTriggerRequest = z.infer<typeof SubscribeTriggerRequestSchema>;

/**
 * `data` of `trigger` / `unsubscribe_trigger` (`TriggerUnsubscribeRequest`): remove the external webhook of
 * `subscription`. Reply `{ subscription: { success, message } }`.
 */
export const UnsubscribeTriggerRequestSchema = lazySchema(() =>
  z.looseObject({
    provider,
    subscription,
    ...CredentialsShape,
  }),
);

/** A parsed `unsubscribe_trigger` request. */
export type UnsubscribeTriggerRequest = z.infer<typeof UnsubscribeTriggerRequestSchema>;

/**
 * `data` of `trigger` / `refresh_trigger` (`TriggerRefreshRequest`): extend `subscription` before it expires.
 * Reply `{ subscription }` with the new `expires_at` (and properties).
 */
export const RefreshTriggerRequestSchema = lazySchema(() =>
  z.looseObject({
    provider,
    subscription,
    ...CredentialsShape,
  }),
);

/** A parsed `refresh_trigger` request. */
export type RefreshTriggerRequest = z.infer<typeof RefreshTriggerRequestSchema>;

/** The `data` schema of each trigger action. */
export const TRIGGER_REQUEST_SCHEMAS = {
  invoke_trigger_event: InvokeTriggerEventRequestSchema,
  validate_trigger_credentials: ValidateTriggerCredentialsRequestSchema,
  dispatch_trigger_event: DispatchTriggerEventRequestSchema,
  subscribe_trigger: SubscribeTriggerRequestSchema,
  unsubscribe_trigger: UnsubscribeTriggerRequestSchema,
  refresh_trigger: RefreshTriggerRequestSchema,
} as const satisfies Record<TriggerAction, z.ZodType>;
