import { type Logger, type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import {
  checkedIdentityName as checkedName,
  checkProviderOAuth,
  type ExtensionApis,
  formI18n as i18n,
  type PluginComponent,
  type ProviderHooks,
  type ProviderOAuthDefinition,
  providerOAuthHooks,
  registerProviderHooks,
} from "@x/core/internal";
import {
  type HttpResponseParts,
  type I18nInput,
  PLUGIN_TAGS,
  type PluginTag,
  type ProviderConfig,
  SUBSCRIPTION_CONSTRUCTOR_PROVIDER_ACTION,
  type TriggerProviderDeclaration,
  TriggerProviderDeclarationSchema,
  type TriggerSubscription,
} from "@x/protocol";
import { type AnyTriggerEvent, type CredentialType, declareEvent } from "./define-trigger-event.js";
import {
  declareEventParameters,
  dynamicOptionsHook,
  type EventParameterDefinitions,
  type EventParameterValues,
} from "./event-parameters.js";
import { declareForm, type FormSchema, type FormValues } from "./forms.js";
import { registerTriggerProvider } from "./trigger-handlers.js";

/** A subscription whose `properties` are typed by the provider's `subscriptionSchema` (plus what `subscribe` stored). */
export type Subscription<S extends FormSchema = FormSchema> = Omit<TriggerSubscription, "properties"> & {
  /** What the subscription stores: the `subscriptionSchema` values and whatever `subscribe` / `refresh` returned. */
  readonly properties: FormValues<S> & Readonly<Record<string, unknown>>;
};

/** What every provider handler receives: credentials, session, logger. `A` is what the provider `uses` adds. */
export interface TriggerProviderContext<A = unknown> {
  /** The provider's name. */
  readonly provider: string;
  /** The subscription's (or the form's) credentials, decrypted by Dify. Never log them. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** How the credentials were obtained (`api-key` when Dify sends none). */
  readonly credentialType: CredentialType;
  /** The daemon session, with the extensions the provider `uses`. */
  readonly session: Session<A>;
  /** Aborts when the session ends or the connection drops. */
  readonly signal: AbortSignal;
  /** The session's logger. */
  readonly logger: Logger;
}

/** What `dispatch` receives besides the webhook request. */
export interface DispatchContext<S extends FormSchema = FormSchema, A = unknown>
  extends TriggerProviderContext<A> {
  /** The raw body bytes of the webhook call (verify signatures over these, before parsing). */
  readonly body: Uint8Array;
  /** The subscription the webhook arrived on. */
  readonly subscription: Subscription<S>;
}

/** What `dispatch` returns: the events to fire and the answer for the webhook caller. */
export interface DispatchResult<N extends string = string> {
  /** Names of the events to fire (each becomes an `invoke_trigger_event`); none or `[]` fires nothing. */
  events?: readonly N[];
  /** The HTTP answer for the caller: a Fetch `Response` or `{ status, headers, body }` (default 200 `{"status":"ok"}`). */
  response?: Response | HttpResponseParts;
  /** Who caused the webhook on the external service (default `""`). */
  userId?: string;
  /** Decoded webhook data handed to each event's `invoke` as `payload` (default `{}`). */
  payload?: Readonly<Record<string, unknown>>;
}

/** What `subscribe` receives: the webhook URL Dify allocated and the user's constructor parameters. */
export interface SubscribeContext<
  P extends EventParameterDefinitions = EventParameterDefinitions,
  A = unknown,
> extends TriggerProviderContext<A> {
  /** The URL the external service must call (Dify's webhook for this subscription). */
  readonly endpoint: string;
  /** The values of `subscribeParameters` (defaults filled in). */
  readonly parameters: EventParameterValues<P>;
}

/** What `subscribe` returns: the subscription's `properties` and when it expires. */
export interface SubscribeResult<S extends FormSchema = FormSchema> {
  /** Stored with the subscription and handed back on every later call (external webhook id, signing secret...). */
  properties: FormValues<S> & Readonly<Record<string, unknown>>;
  /** Unix seconds after which Dify calls `refresh` (default -1: never). */
  expiresAt?: number;
}

/** What `unsubscribe` and `refresh` receive: the subscription. */
export interface SubscriptionContext<S extends FormSchema = FormSchema, A = unknown>
  extends TriggerProviderContext<A> {
  /** The subscription to remove or extend. */
  readonly subscription: Subscription<S>;
}

/** What `unsubscribe` returns (nothing means success). */
export interface UnsubscribeOutcome {
  /** Whether the external webhook is gone (default true). Report a failure here rather than throwing. */
  success?: boolean;
  /** A message for the user. */
  message?: string;
}

/** What `refresh` returns (nothing keeps the properties and never expires again). */
export interface RefreshOutcome<S extends FormSchema = FormSchema> {
  /** New properties (default: unchanged). */
  properties?: FormValues<S> & Readonly<Record<string, unknown>>;
  /** New expiry in Unix seconds (default -1: never). */
  expiresAt?: number;
}

/**
 * OAuth on the subscription constructor: `clientSchema` and `credentialsSchema` (declared as
 * `subscription_constructor.oauth_schema`, `pkg/entities/plugin_entities/trigger_declaration.go`) and the three
 * handlers answering `get_authorization_url`, `get_credentials` and `refresh_credentials` (§2.3). All five are
 * required. `subscribe`, `unsubscribe` and `refresh` then receive the OAuth credentials with
 * `credentialType: "oauth2"`.
 */
export type TriggerOAuthDefinition<
  C extends FormSchema = FormSchema,
  K extends FormSchema = FormSchema,
  A = unknown,
> = ProviderOAuthDefinition<
  C,
  K,
  FormValues<C> & Readonly<Record<string, unknown>>,
  FormValues<K> & Readonly<Record<string, unknown>>,
  A
>;

/** Tags a trigger provider may carry (the daemon's plugin tags). */
export type TriggerProviderTag = PluginTag;

/** A provider's identity as a plugin writes it. */
export interface TriggerProviderIdentityInput {
  /** The author (also the default author of the events). */
  author: string;
  /** `^[a-zA-Z0-9_-]+$`: the `provider` of every trigger request. */
  name: string;
  /** Shown in Dify. */
  label: I18nInput;
  /** Shown in Dify; its `en_US` is required over remote debugging (§9 item 3). */
  description: I18nInput;
  /** An icon file among the plugin's assets. */
  icon: string;
  /** A dark-mode icon file. */
  iconDark?: string;
  /** Plugin tags (default none: the manifest's apply). */
  tags?: readonly TriggerProviderTag[];
}

/** The definition of a trigger provider, as given to {@link defineTriggerProvider}. */
export interface TriggerProviderDefinitionInput<
  S extends FormSchema = FormSchema,
  C extends FormSchema = FormSchema,
  P extends EventParameterDefinitions = EventParameterDefinitions,
  E extends readonly AnyTriggerEvent[] = readonly AnyTriggerEvent[],
  U extends readonly SessionExtension[] = readonly SessionExtension[],
  OC extends FormSchema = FormSchema,
  OK extends FormSchema = FormSchema,
> {
  /** Session extensions the provider's handlers call (each event lists its own in its `uses`). */
  uses?: U;
  /** `author`, `name`, `label`, `description`, `icon`, `iconDark`, `tags`. */
  identity: TriggerProviderIdentityInput;
  /**
   * The fields a subscription keeps in `properties` (`subscription_schema`): also the form a user fills in to add
   * a webhook by hand. Types `subscription.properties`.
   */
  subscriptionSchema?: S;
  /** API-key credentials the subscription constructor needs (`subscription_constructor.credentials_schema`). */
  credentialsSchema?: C;
  /**
   * OAuth for the subscription constructor (`subscription_constructor.oauth_schema`): the client fields, the
   * credential fields and the handlers answering Dify's `oauth` actions. Requires `subscribe`.
   */
  oauth?: TriggerOAuthDefinition<OC, OK, ExtensionApis<U>>;
  /**
   * What a user fills in when Dify creates the webhook (`subscription_constructor.parameters`); a
   * `dynamic-select` among them answers `fetch_parameter_options` with `provider_action: "provider"`.
   */
  subscribeParameters?: P & EventParameterDefinitions;
  /** The provider's events; `dispatch` returns their names. */
  events: E;
  /** Reads one webhook call: verify it, say which events fire and what the caller gets back. */
  dispatch(
    request: Request,
    context: DispatchContext<S, ExtensionApis<U>>,
  ): DispatchResult<E[number]["name"]> | Promise<DispatchResult<E[number]["name"]>>;
  /**
   * Creates the webhook on the external service (`subscribe_trigger`). Its presence declares the subscription
   * constructor; without it users add webhooks by hand with the `subscriptionSchema` form.
   */
  subscribe?(
    context: SubscribeContext<P, ExtensionApis<U>>,
  ): SubscribeResult<S> | Promise<SubscribeResult<S>>;
  /** Removes the external webhook (`unsubscribe_trigger`); required with `subscribe`. */
  unsubscribe?(
    context: SubscriptionContext<S, ExtensionApis<U>>,
  ): UnsubscribeOutcome | undefined | Promise<UnsubscribeOutcome | undefined>;
  /** Extends a subscription before `expiresAt` (`refresh_trigger`); default: unchanged and never expiring. */
  refresh?(
    context: SubscriptionContext<S, ExtensionApis<U>>,
  ): RefreshOutcome<S> | undefined | Promise<RefreshOutcome<S> | undefined>;
  /** Checks the `credentialsSchema` values a user saves (`validate_trigger_credentials`); throw to reject. */
  validateCredentials?(
    credentials: Readonly<Record<string, unknown>>,
    context: TriggerProviderContext<ExtensionApis<U>>,
  ): void | Promise<void>;
}

const TAGS: ReadonlySet<string> = new Set(PLUGIN_TAGS);

/**
 * A trigger provider: `plugin.register(provider)` declares it (`trigger_declaration`, an exclusive plugin kind:
 * no tool, model, endpoint, agent strategy or datasource beside it), installs the extensions it and its events
 * `uses`, and answers the six `trigger` actions (§2.3).
 */
export class TriggerProvider implements PluginComponent {
  /** The provider's `identity.name`. */
  readonly name: string;
  /** The declaration the daemon validates, built and checked when the provider was defined. */
  readonly declaration: TriggerProviderDeclaration;
  /** The definition it was built from. */
  readonly definition: TriggerProviderDefinitionInput;
  /** Every extension the provider and its events use, installed on registration. */
  readonly uses: readonly SessionExtension[];
  private readonly eventsByName: ReadonlyMap<string, AnyTriggerEvent>;
  // One hooks object per provider, so registering the provider twice on a plugin stays a no-op.
  private readonly hooks: ProviderHooks | undefined;

  /** @internal Use {@link defineTriggerProvider}. */
  constructor(definition: TriggerProviderDefinitionInput) {
    this.definition = definition;
    this.declaration = declareProvider(definition);
    this.name = this.declaration.identity.name;
    this.uses = [...(definition.uses ?? []), ...definition.events.flatMap((event) => event.uses ?? [])];
    this.eventsByName = new Map(definition.events.map((event) => [event.name, event]));
    this.hooks = providerHooks(this, definition);
  }

  /** The event named `name`, if this provider has it. */
  event(name: string): AnyTriggerEvent | undefined {
    return this.eventsByName.get(name);
  }

  /** Registers the provider on `plugin` (once); a second trigger provider on the same plugin is refused. */
  install(plugin: Plugin): void {
    if (!registerTriggerProvider(plugin, this)) return;
    if (this.hooks) registerProviderHooks(plugin, this.hooks);
    for (const extension of this.uses) plugin.use(extension);
    plugin.declare("trigger", this.declaration);
  }
}

/**
 * Defines a trigger provider. The `subscriptionSchema` types `subscription.properties`, `subscribeParameters`
 * types `subscribe`'s parameters, and the events' names type what `dispatch` returns. Throws `ValidationError`
 * naming the field.
 */
export function defineTriggerProvider<
  const S extends FormSchema = Record<never, never>,
  const C extends FormSchema = Record<never, never>,
  const P extends EventParameterDefinitions = Record<never, never>,
  const E extends readonly AnyTriggerEvent[] = readonly AnyTriggerEvent[],
  const U extends readonly SessionExtension[] = readonly [],
  const OC extends FormSchema = FormSchema,
  const OK extends FormSchema = FormSchema,
>(definition: TriggerProviderDefinitionInput<S, C, P, E, U, OC, OK>): TriggerProvider {
  return new TriggerProvider(definition as unknown as TriggerProviderDefinitionInput);
}

/**
 * The provider's OAuth and parameter-options hooks (core's provider hooks), or none when it has neither:
 * `provider_action` `provider` names the subscription constructor, any other an event (§2.3 `dynamic_parameter`).
 */
function providerHooks(
  provider: TriggerProvider,
  definition: TriggerProviderDefinitionInput,
): ProviderHooks | undefined {
  const dynamic = (parameters: EventParameterDefinitions | undefined) =>
    Object.values(parameters ?? {}).some((spec) => spec?.type === "dynamic-select");
  const withOptions =
    dynamic(definition.subscribeParameters) || definition.events.some((event) => dynamic(event.parameters));
  if (!definition.oauth && !withOptions) return undefined;
  return {
    provider: provider.name,
    kind: "trigger provider",
    ...(definition.oauth
      ? { oauth: providerOAuthHooks(provider.name, definition.oauth as ProviderOAuthDefinition) }
      : {}),
    ...(withOptions
      ? {
          parameterOptions: (action: string, parameter: string) =>
            dynamicOptionsHook(
              action === SUBSCRIPTION_CONSTRUCTOR_PROVIDER_ACTION
                ? definition.subscribeParameters
                : provider.event(action)?.parameters,
              parameter,
            ),
        }
      : {}),
  };
}

function declareProvider(definition: TriggerProviderDefinitionInput): TriggerProviderDeclaration {
  if (typeof definition !== "object" || definition === null) {
    throw new ValidationError("a trigger provider definition must be an object");
  }
  const id = definition.identity;
  if (typeof id !== "object" || id === null) throw new ValidationError("is required", { field: "identity" });
  if (typeof id.author !== "string" || id.author.length === 0) {
    throw new ValidationError("must be a non-empty string", { field: "identity.author" });
  }
  if (typeof id.icon !== "string" || id.icon.length === 0) {
    throw new ValidationError("must name an icon file among the plugin's assets", { field: "identity.icon" });
  }
  const tags = [...(id.tags ?? [])];
  for (const [i, tag] of tags.entries()) {
    if (!TAGS.has(tag))
      throw new ValidationError(`unknown tag ${JSON.stringify(tag)}`, { field: `identity.tags[${i}]` });
  }
  const identity: TriggerProviderDeclaration["identity"] = {
    author: id.author,
    name: checkedName(id.name, "identity.name"),
    label: i18n(id.label, "identity.label"),
    description: i18n(id.description, "identity.description"),
    icon: id.icon,
    tags,
  };
  if (id.iconDark !== undefined) identity.icon_dark = id.iconDark;

  if (!Array.isArray(definition.events)) {
    throw new ValidationError("must be an array of events (from defineTriggerEvent)", { field: "events" });
  }
  const names = new Set<string>();
  const events = definition.events.map((event, i) => {
    if (event?.kind !== "trigger-event") {
      throw new ValidationError("must be made with defineTriggerEvent", { field: `events[${i}]` });
    }
    if (names.has(event.name))
      throw new ValidationError(`repeats event ${event.name}`, { field: `events[${i}]` });
    names.add(event.name);
    return declareEvent(event, id.author, `events[${i}]`);
  });
  if (typeof definition.dispatch !== "function") {
    throw new ValidationError("must be a function reading the webhook call", { field: "dispatch" });
  }

  const hasConstructor = typeof definition.subscribe === "function";
  if (hasConstructor && typeof definition.unsubscribe !== "function") {
    throw new ValidationError("is required with subscribe: Dify removes the webhooks it created", {
      field: "unsubscribe",
    });
  }
  if (!hasConstructor) {
    for (const field of [
      "unsubscribe",
      "refresh",
      "credentialsSchema",
      "subscribeParameters",
      "oauth",
    ] as const) {
      if (definition[field] !== undefined) {
        throw new ValidationError(
          "belongs to the subscription constructor: add subscribe (Dify creates the webhook), or drop it",
          { field },
        );
      }
    }
  }
  const declaration: TriggerProviderDeclaration = {
    identity,
    subscription_schema: declareForm(definition.subscriptionSchema, "subscriptionSchema"),
    subscription_constructor: hasConstructor
      ? {
          parameters: declareEventParameters(definition.subscribeParameters, "subscribeParameters"),
          credentials_schema: declareForm(definition.credentialsSchema, "credentialsSchema"),
          ...(definition.oauth === undefined ? {} : { oauth_schema: declareOAuth(definition.oauth) }),
        }
      : null,
    events,
  };
  const parsed = TriggerProviderDeclarationSchema.safeParse(declaration);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue?.message ?? "is not a valid trigger declaration", {
      field: issue?.path.join(".") || "identity",
    });
  }
  return declaration;
}

/** `oauth` → `subscription_constructor.oauth_schema`, after checking both schemas and the three handlers. */
function declareOAuth(oauth: TriggerOAuthDefinition): {
  client_schema: ProviderConfig[];
  credentials_schema: ProviderConfig[];
} {
  const { clientSchema, credentialsSchema } = checkProviderOAuth(oauth, "oauth");
  return {
    client_schema: declareForm(clientSchema as FormSchema, "oauth.clientSchema"),
    credentials_schema: declareForm(credentialsSchema as FormSchema, "oauth.credentialsSchema"),
  };
}
