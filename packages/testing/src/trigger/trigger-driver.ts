import {
  type DispatchTriggerEventReply,
  DispatchTriggerEventReplySchema,
  type ErrorPayload,
  type InvokeTriggerEventReply,
  InvokeTriggerEventReplySchema,
  type RefreshTriggerReply,
  RefreshTriggerReplySchema,
  type SubscribeTriggerReply,
  SubscribeTriggerReplySchema,
  TRIGGER_ACCESS_TYPE,
  type TriggerAction,
  type TriggerSubscriptionResultInput,
  type UnsubscribeTriggerReply,
  UnsubscribeTriggerReplySchema,
  type ValidateTriggerCredentialsReply,
  ValidateTriggerCredentialsReplySchema,
} from "@x/protocol";
import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";
import type { PluginConnection } from "../harness/plugin-connection.js";
import type { RecordedCall } from "../mock/recorded-call.js";
import { parseRawHttpResponse, rawWebhookRequestHex } from "./raw-webhook.js";

// Drives the six `trigger` actions (§2.3) against any PluginConnection (the in-process harness, a stdio child,
// a TCP connection), building each request's `data` as the daemon flattens it and checking each reply item with
// the reply schema of `@x/protocol`, as Dify reads it.

/** A subscription as the driver sends it: what `subscribe` returned, or one written by hand. */
export type SubscriptionInput = TriggerSubscriptionResultInput & Readonly<Record<string, unknown>>;

/** What every trigger request carries besides its own fields. */
export interface TriggerRequestOptions extends Omit<DaemonRequestOptions, "onStream"> {
  /** The provider's `identity.name` (default: the driver's). */
  provider?: string;
  /** Credentials, already decrypted (default `{}`). */
  credentials?: Record<string, unknown>;
  /** `api-key`, `oauth2` or `unauthorized` (left out when absent, as the daemon does for ""). */
  credentialType?: string;
  /** The end user (`user_id`, default `""`). */
  userId?: string;
}

/** One trigger action's outcome: the checked reply, or the session's error. */
export interface TriggerRun<T> {
  /** The reply item, checked with the action's reply schema; null when the session failed. */
  readonly reply: T | null;
  /** The session's error, or `unmarshal_error` when the reply did not fit the schema (as the daemon reports it). */
  readonly error: ErrorPayload | null;
  /** The raw `stream` items. */
  readonly items: unknown[];
  /** The reverse calls made on the way. */
  readonly calls: RecordedCall[];
}

/** The outcome of {@link TriggerDriver.dispatch}: the reply plus the HTTP response decoded. */
export interface DispatchRun extends TriggerRun<DispatchTriggerEventReply> {
  /** The events to fire (`[]` when the session failed). */
  readonly events: string[];
  /** What the webhook caller gets, decoded from the reply's hex; null when the session failed. */
  readonly response: Response | null;
  /** The `raw_http_request` hex that was sent (reuse it for `invokeEvent`). */
  readonly rawHttpRequest: string;
}

/** Options of {@link TriggerDriver.dispatch}. */
export interface DispatchOptions extends TriggerRequestOptions {
  /** The subscription the webhook arrives on. */
  subscription: SubscriptionInput;
}

/** Options of {@link TriggerDriver.invokeEvent}. */
export interface InvokeEventOptions extends TriggerRequestOptions {
  /** The event's name. */
  event: string;
  /** The webhook: a Fetch `Request` or the hex `raw_http_request` a dispatch sent. */
  request: Request | string;
  /** The subscription. */
  subscription: SubscriptionInput;
  /** The workflow's values of the event's parameters (default `{}`). */
  parameters?: Record<string, unknown>;
  /** What dispatch returned as `payload` (default `{}`). */
  payload?: Record<string, unknown>;
}

/** Options of {@link TriggerDriver.fire}. */
export interface FireOptions extends DispatchOptions {
  /** Parameters per event name, as each workflow set them. */
  parameters?: Readonly<Record<string, Record<string, unknown>>>;
}

/** The outcome of {@link TriggerDriver.fire}: the dispatch, then one invocation per event it chose. */
export interface FireRun {
  /** The dispatch. */
  readonly dispatch: DispatchRun;
  /** Each fired event's run, in the order dispatch named them. */
  readonly events: ReadonlyArray<{ readonly event: string } & TriggerRun<InvokeTriggerEventReply>>;
}

/** Options of {@link TriggerDriver.subscribe}. */
export interface SubscribeOptions extends TriggerRequestOptions {
  /** The webhook URL Dify allocated (default `https://dify.example/triggers/webhook/sub-1`). */
  endpoint?: string;
  /** The user's subscription-constructor parameters (default `{}`). */
  parameters?: Record<string, unknown>;
}

/** Options of {@link TriggerDriver.unsubscribe} and {@link TriggerDriver.refresh}. */
export interface SubscriptionOptions extends TriggerRequestOptions {
  /** The subscription. */
  subscription: SubscriptionInput;
}

/** The part of a reply schema the driver uses (a zod schema of `@x/protocol`). */
interface ReplySchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

/** The default webhook URL {@link TriggerDriver.subscribe} sends. */
export const DEFAULT_TRIGGER_ENDPOINT = "https://dify.example/triggers/webhook/sub-1";

/**
 * The daemon's side of a trigger plugin: `dispatch(request)` sends a Fetch-style webhook as
 * `dispatch_trigger_event`, `invokeEvent` / `fire` run the events, `subscribe` / `unsubscribe` / `refresh` /
 * `validateCredentials` the subscription lifecycle. Make one with {@link triggerDriver}.
 */
export class TriggerDriver {
  /** The connection requests go through. */
  readonly connection: PluginConnection;
  private readonly defaults: TriggerRequestOptions;

  /** @internal Use {@link triggerDriver}. */
  constructor(connection: PluginConnection, defaults: TriggerRequestOptions = {}) {
    this.connection = connection;
    this.defaults = defaults;
  }

  /** Sends a webhook call (serialised like Dify: request line, headers, body) as `dispatch_trigger_event`. */
  async dispatch(request: Request, options: DispatchOptions): Promise<DispatchRun> {
    const rawHttpRequest = await rawWebhookRequestHex(request);
    const { subscription, ...rest } = options;
    const run = await this.run("dispatch_trigger_event", DispatchTriggerEventReplySchema, rest, {
      subscription: { ...subscription },
      raw_http_request: rawHttpRequest,
    });
    return {
      ...run,
      rawHttpRequest,
      events: run.reply?.events ?? [],
      response: run.reply ? parseRawHttpResponse(run.reply.response) : null,
    };
  }

  /** Runs one event on a webhook (`invoke_trigger_event`). */
  async invokeEvent(options: InvokeEventOptions): Promise<TriggerRun<InvokeTriggerEventReply>> {
    const { event, request, subscription, parameters, payload, ...rest } = options;
    return this.run("invoke_trigger_event", InvokeTriggerEventReplySchema, rest, {
      event,
      raw_http_request: typeof request === "string" ? request : await rawWebhookRequestHex(request),
      subscription: { ...subscription },
      parameters: parameters ?? {},
      payload: payload ?? {},
    });
  }

  /** What Dify does with a webhook: dispatch it, then invoke each event it chose with dispatch's payload. */
  async fire(request: Request, options: FireOptions): Promise<FireRun> {
    const { parameters, ...dispatchOptions } = options;
    const dispatch = await this.dispatch(request, dispatchOptions);
    const events = [];
    for (const event of dispatch.events) {
      const run = await this.invokeEvent({
        ...dispatchOptions,
        event,
        request: dispatch.rawHttpRequest,
        parameters: parameters?.[event] ?? {},
        payload: dispatch.reply?.payload ?? {},
      });
      events.push({ event, ...run });
    }
    return { dispatch, events };
  }

  /** Asks the plugin to create the external webhook (`subscribe_trigger`). */
  subscribe(options: SubscribeOptions = {}): Promise<TriggerRun<SubscribeTriggerReply>> {
    const { endpoint, parameters, ...rest } = options;
    return this.run("subscribe_trigger", SubscribeTriggerReplySchema, rest, {
      endpoint: endpoint ?? DEFAULT_TRIGGER_ENDPOINT,
      parameters: parameters ?? {},
    });
  }

  /** Asks the plugin to remove the external webhook (`unsubscribe_trigger`). */
  unsubscribe(options: SubscriptionOptions): Promise<TriggerRun<UnsubscribeTriggerReply>> {
    const { subscription, ...rest } = options;
    return this.run("unsubscribe_trigger", UnsubscribeTriggerReplySchema, rest, {
      subscription: { ...subscription },
    });
  }

  /** Asks the plugin to extend a subscription (`refresh_trigger`). */
  refresh(options: SubscriptionOptions): Promise<TriggerRun<RefreshTriggerReply>> {
    const { subscription, ...rest } = options;
    return this.run("refresh_trigger", RefreshTriggerReplySchema, rest, {
      subscription: { ...subscription },
    });
  }

  /** Checks credentials (`validate_trigger_credentials`). */
  validateCredentials(
    options: TriggerRequestOptions = {},
  ): Promise<TriggerRun<ValidateTriggerCredentialsReply>> {
    return this.run("validate_trigger_credentials", ValidateTriggerCredentialsReplySchema, options, {});
  }

  private async run<T>(
    action: TriggerAction,
    schema: ReplySchema<T>,
    options: TriggerRequestOptions,
    fields: Record<string, unknown>,
  ): Promise<TriggerRun<T>> {
    const { provider, credentials, credentialType, userId, ...envelope } = { ...this.defaults, ...options };
    const result = await this.connection.request(
      TRIGGER_ACCESS_TYPE,
      action,
      {
        user_id: userId ?? "",
        provider: provider ?? "",
        ...fields,
        credentials: credentials ?? {},
        ...(credentialType ? { credential_type: credentialType } : {}),
      },
      envelope,
    );
    const base = { items: result.items, calls: result.calls };
    if (result.error) return { ...base, reply: null, error: result.error };
    const parsed = schema.safeParse(result.items[0]);
    if (result.items.length !== 1 || !parsed.success) {
      const why = parsed.success
        ? `expected exactly one reply item, got ${result.items.length}`
        : (parsed.error.issues[0]?.message ?? "invalid reply");
      return {
        ...base,
        reply: null,
        error: {
          error_type: "unmarshal_error",
          message: `unmarshal json failed: ${why}`,
          args: {},
        } as ErrorPayload,
      };
    }
    return { ...base, reply: parsed.data, error: null };
  }
}

/**
 * A {@link TriggerDriver} over `connection` (`createTestHarness(plugin)`, `launchStdioPlugin(...)`, a TCP
 * connection); `defaults` (provider, credentials...) apply to every request.
 */
export function triggerDriver(
  connection: PluginConnection,
  defaults: TriggerRequestOptions = {},
): TriggerDriver {
  return new TriggerDriver(connection, defaults);
}
