import { type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import { decodeRawHttpRequest, type ExtensionApis, parseInput, RawHttpRequestError } from "@x/core/internal";
import {
  type DispatchTriggerEventReply,
  DispatchTriggerEventReplySchema,
  DispatchTriggerEventRequestSchema,
  type HttpResponseParts,
  type InvokeTriggerEventReply,
  InvokeTriggerEventReplySchema,
  InvokeTriggerEventRequestSchema,
  type RefreshTriggerReply,
  RefreshTriggerReplySchema,
  RefreshTriggerRequestSchema,
  type RequestData,
  type SubscribeTriggerReply,
  SubscribeTriggerReplySchema,
  SubscribeTriggerRequestSchema,
  serializeHttpResponseHex,
  TRIGGER_ACCESS_TYPE,
  type TriggerSubscription,
  type UnsubscribeTriggerReply,
  UnsubscribeTriggerReplySchema,
  UnsubscribeTriggerRequestSchema,
  type ValidateTriggerCredentialsReply,
  ValidateTriggerCredentialsReplySchema,
  ValidateTriggerCredentialsRequestSchema,
} from "@x/protocol";
import { isZodSchema, type TriggerEventContext } from "./define-trigger-event.js";
import type { Subscription, TriggerProvider, TriggerProviderContext } from "./define-trigger-provider.js";
import {
  EventIgnoredError,
  TriggerNotFoundError,
  TriggerOutputError,
  TriggerSubscriptionError,
  WebhookRejectedError,
  WebhookSignatureError,
} from "./errors.js";
import {
  type EventParameterDefinitions,
  type EventParameterValues,
  parameterValues,
} from "./event-parameters.js";
import { withDefaults } from "./forms.js";

// The six `trigger` actions (§2.3; `pkg/entities/requests/trigger.go`), answered as the Python SDK's executor
// does (`core/plugin_executor.py`): one reply item each. The webhook arrives as hex of a raw HTTP/1.1 request
// (§2.4.3), decoded by core's parser; `dispatch` answers with the hex of a raw HTTP response.

// One provider per plugin: the daemon keeps a single trigger declaration (element [0], §1.3.2).
const providers = new WeakMap<Plugin, TriggerProvider>();

/** @internal Routes the six trigger actions of `plugin` to `provider`; false when it already was. */
export function registerTriggerProvider(plugin: Plugin, provider: TriggerProvider): boolean {
  const existing = providers.get(plugin);
  if (existing === provider) return false;
  if (existing) {
    throw new ValidationError(
      `this plugin already has the trigger provider ${existing.name}; Dify keeps one per plugin, so put every event in it`,
      { field: "identity.name" },
    );
  }
  providers.set(plugin, provider);
  const on = (action: string, handler: (session: Session, data: RequestData) => Promise<object>) =>
    plugin.on(TRIGGER_ACCESS_TYPE, action, (session, data) => handler(session, data));
  on("dispatch_trigger_event", (session, data) => dispatch(provider, session, data));
  on("invoke_trigger_event", (session, data) => invokeEvent(provider, session, data));
  on("subscribe_trigger", (session, data) => subscribe(provider, session, data));
  on("unsubscribe_trigger", (session, data) => unsubscribe(provider, session, data));
  on("refresh_trigger", (session, data) => refresh(provider, session, data));
  on("validate_trigger_credentials", (session, data) => validateCredentials(provider, session, data));
  return true;
}

function found(provider: TriggerProvider, name: string): TriggerProvider {
  if (name !== provider.name) throw new TriggerNotFoundError(name);
  return provider;
}

/** What the extensions of any provider add to a session, as its handlers' contexts are typed. */
type ProviderApis = ExtensionApis<readonly SessionExtension[]>;

function baseContext(
  provider: TriggerProvider,
  session: Session,
  request: { credentials: Record<string, unknown>; credential_type?: string | null | undefined },
): TriggerProviderContext<ProviderApis> {
  return {
    provider: provider.name,
    credentials: request.credentials,
    credentialType: request.credential_type || "api-key",
    // The provider installed every extension it and its events `uses` when it was registered.
    session: session as Session<ProviderApis>,
    signal: session.signal,
    logger: session.logger,
  };
}

/** A decoded webhook call: a fresh `Request` over the bytes and the bytes themselves. */
interface Webhook {
  request: Request;
  body: Uint8Array;
}

async function decodeWebhook(hex: string, signal: AbortSignal): Promise<Webhook> {
  const decoded = await decodeRawHttpRequest(hex, { signal });
  const body = decoded.body === null ? new Uint8Array() : new Uint8Array(await decoded.arrayBuffer());
  const bodyless = decoded.method === "GET" || decoded.method === "HEAD";
  const request = new Request(decoded.url, {
    method: decoded.method,
    headers: decoded.headers,
    signal,
    ...(bodyless ? {} : { body }),
  });
  return { request, body };
}

function subscriptionOf(subscription: TriggerSubscription): Subscription {
  return subscription as Subscription;
}

function text(status: number, body: string): HttpResponseParts {
  return { status, headers: [["Content-Type", "text/plain; charset=utf-8"]], body };
}

async function responseHex(response: Response | HttpResponseParts | undefined): Promise<string> {
  if (response === undefined) {
    return serializeHttpResponseHex({
      status: 200,
      headers: [["Content-Type", "application/json"]],
      body: '{"status":"ok"}',
    });
  }
  if (response instanceof Response) {
    const body = new Uint8Array(await response.arrayBuffer());
    return serializeHttpResponseHex({ status: response.status, headers: response.headers, body });
  }
  return serializeHttpResponseHex(response);
}

async function dispatch(
  provider: TriggerProvider,
  session: Session,
  data: RequestData,
): Promise<DispatchTriggerEventReply> {
  const input = parseInput(DispatchTriggerEventRequestSchema, data, {
    what: "dispatch_trigger_event request",
  });
  found(provider, input.provider);
  let webhook: Webhook;
  try {
    webhook = await decodeWebhook(input.raw_http_request, session.signal);
  } catch (error) {
    if (!RawHttpRequestError.isInstance(error)) throw error;
    session.logger.warn(`webhook call refused: ${error.message}`);
    return dispatchReply({
      events: [],
      response: serializeHttpResponseHex(text(400, `Bad Request: ${error.message}`)),
    });
  }
  const subscription = subscriptionOf(input.subscription);
  let result: Awaited<ReturnType<TriggerProvider["definition"]["dispatch"]>>;
  try {
    result = await provider.definition.dispatch(webhook.request, {
      ...baseContext(provider, session, input),
      body: webhook.body,
      subscription,
    });
  } catch (error) {
    const status = WebhookSignatureError.isInstance(error)
      ? 401
      : WebhookRejectedError.isInstance(error)
        ? (error as WebhookRejectedError).status
        : undefined;
    if (status === undefined) throw error;
    const message = (error as Error).message;
    session.logger.warn(`webhook call refused (${status}): ${message}`);
    return dispatchReply({ events: [], response: serializeHttpResponseHex(text(status, message)) });
  }
  if (typeof result !== "object" || result === null) {
    throw new ValidationError("dispatch must return { events, response?, userId?, payload? }", {
      field: "dispatch",
    });
  }
  const events = [...(result.events ?? [])];
  for (const [i, name] of events.entries()) {
    if (!provider.event(name)) {
      throw new ValidationError(
        `dispatch returned the event ${JSON.stringify(name)}, which provider ${provider.name} does not declare`,
        { field: `events[${i}]` },
      );
    }
  }
  return dispatchReply({
    user_id: result.userId ?? "",
    events,
    response: await responseHex(result.response),
    payload: { ...(result.payload ?? {}) },
  });
}

function dispatchReply(reply: {
  user_id?: string;
  events: string[];
  response: string;
  payload?: Record<string, unknown>;
}): DispatchTriggerEventReply {
  return parseInput(DispatchTriggerEventReplySchema, reply, { what: "dispatch_trigger_event reply" });
}

async function invokeEvent(
  provider: TriggerProvider,
  session: Session,
  data: RequestData,
): Promise<InvokeTriggerEventReply> {
  const input = parseInput(InvokeTriggerEventRequestSchema, data, { what: "invoke_trigger_event request" });
  found(provider, input.provider);
  const event = provider.event(input.event);
  if (!event) throw new TriggerNotFoundError(input.provider, input.event);
  const webhook = await decodeWebhook(input.raw_http_request, session.signal);
  const context: TriggerEventContext<EventParameterDefinitions, ProviderApis> = {
    ...baseContext(provider, session, input),
    request: webhook.request,
    body: webhook.body,
    parameters: parameterValues(
      event.parameters,
      input.parameters,
    ) as EventParameterValues<EventParameterDefinitions>,
    payload: input.payload,
    subscription: input.subscription,
    event: event.name,
    ignore(reason?: string): never {
      throw new EventIgnoredError(reason);
    },
  };
  let variables: unknown;
  try {
    variables = await event.invoke(context);
  } catch (error) {
    if (!EventIgnoredError.isInstance(error)) throw error;
    session.logger.info(`event ${event.name} ignored: ${(error as Error).message}`);
    return { variables: {}, cancelled: true };
  }
  const schema: unknown = event.outputSchema;
  if (isZodSchema(schema)) {
    const parsed = await schema.safeParseAsync(variables);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.length ? `${issue.path.join(".")}: ` : "";
      throw new TriggerOutputError(event.name, `${at}${issue?.message ?? "invalid"}`);
    }
    variables = parsed.data;
  }
  return parseInput(
    InvokeTriggerEventReplySchema,
    { variables, cancelled: false },
    {
      what: `event ${event.name} must return an object of variables`,
    },
  );
}

async function subscribe(
  provider: TriggerProvider,
  session: Session,
  data: RequestData,
): Promise<SubscribeTriggerReply> {
  const input = parseInput(SubscribeTriggerRequestSchema, data, { what: "subscribe_trigger request" });
  found(provider, input.provider);
  const create = provider.definition.subscribe;
  if (!create) {
    throw new TriggerSubscriptionError(
      `provider ${provider.name} cannot create subscriptions (it has no subscribe); add the webhook by hand with its subscription form`,
    );
  }
  const parameters = parameterValues(provider.definition.subscribeParameters, input.parameters);
  const result = await create({
    ...baseContext(provider, session, input),
    endpoint: input.endpoint,
    parameters: parameters as EventParameterValues<EventParameterDefinitions>,
  });
  if (typeof result !== "object" || result === null || typeof result.properties !== "object") {
    throw new ValidationError("subscribe must return { properties, expiresAt? }", { field: "subscribe" });
  }
  return parseInput(
    SubscribeTriggerReplySchema,
    {
      subscription: {
        expires_at: result.expiresAt ?? -1,
        endpoint: input.endpoint,
        parameters,
        properties: { ...result.properties },
      },
    },
    { what: "subscribe reply" },
  );
}

async function unsubscribe(
  provider: TriggerProvider,
  session: Session,
  data: RequestData,
): Promise<UnsubscribeTriggerReply> {
  const input = parseInput(UnsubscribeTriggerRequestSchema, data, { what: "unsubscribe_trigger request" });
  found(provider, input.provider);
  const remove = provider.definition.unsubscribe;
  if (!remove) {
    // A manual subscription: there is nothing on the external service to remove.
    return { subscription: { success: true, message: null } };
  }
  const outcome = await remove({
    ...baseContext(provider, session, input),
    subscription: subscriptionOf(input.subscription),
  });
  return parseInput(
    UnsubscribeTriggerReplySchema,
    { subscription: { success: outcome?.success ?? true, message: outcome?.message ?? null } },
    { what: "unsubscribe reply" },
  );
}

async function refresh(
  provider: TriggerProvider,
  session: Session,
  data: RequestData,
): Promise<RefreshTriggerReply> {
  const input = parseInput(RefreshTriggerRequestSchema, data, { what: "refresh_trigger request" });
  found(provider, input.provider);
  const subscription = input.subscription;
  const outcome = await provider.definition.refresh?.({
    ...baseContext(provider, session, input),
    subscription: subscriptionOf(subscription),
  });
  return parseInput(
    RefreshTriggerReplySchema,
    {
      subscription: {
        expires_at: outcome?.expiresAt ?? -1,
        endpoint: subscription.endpoint,
        parameters: subscription.parameters,
        properties: { ...(outcome?.properties ?? subscription.properties) },
      },
    },
    { what: "refresh reply" },
  );
}

async function validateCredentials(
  provider: TriggerProvider,
  session: Session,
  data: RequestData,
): Promise<ValidateTriggerCredentialsReply> {
  const input = parseInput(ValidateTriggerCredentialsRequestSchema, data, {
    what: "validate_trigger_credentials request",
  });
  found(provider, input.provider);
  // The Python SDK validates with credential type api-key whatever the request says: these are the form's values.
  const context = { ...baseContext(provider, session, input), credentialType: "api-key" };
  await provider.definition.validateCredentials?.(
    withDefaults(provider.definition.credentialsSchema, input.credentials),
    context,
  );
  return parseInput(ValidateTriggerCredentialsReplySchema, { result: true }, { what: "validate reply" });
}
