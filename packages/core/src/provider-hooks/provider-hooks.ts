import {
  DYNAMIC_PARAMETER_ACCESS_TYPE,
  FETCH_PARAMETER_OPTIONS_ACTION,
  type FetchParameterOptionsReply,
  FetchParameterOptionsReplySchema,
  FetchParameterOptionsRequestSchema,
  OAUTH_ACCESS_TYPE,
  OAUTH_NEVER_EXPIRES,
  type OAuthAuthorizationUrlReply,
  OAuthAuthorizationUrlReplySchema,
  type OAuthCredentialsReply,
  OAuthCredentialsReplySchema,
  OAuthGetAuthorizationUrlRequestSchema,
  OAuthGetCredentialsRequestSchema,
  type OAuthRefreshCredentialsReply,
  OAuthRefreshCredentialsReplySchema,
  OAuthRefreshCredentialsRequestSchema,
  type RequestData,
} from "@x/protocol";
import type { z } from "zod";
import { ValidationError } from "../errors/validation-error.js";
import { decodeRawHttpRequest } from "../http/decode-request.js";
import type { Logger } from "../logger/logger.js";
import { SecretValues } from "../logger/secrets.js";
import type { Plugin } from "../runtime/plugin.js";
import type { Session } from "../runtime/session.js";
import { parseInput } from "../validation/parse-input.js";
import { OAuthNotSupportedError, ParameterOptionsNotFoundError } from "./errors.js";

// One provider-neutral answer to the daemon's `oauth` actions and to `dynamic_parameter` /
// `fetch_parameter_options` (§2.3, `pkg/entities/requests/{oauth,dynamic_select}.go`): tool, datasource and trigger
// providers each register their hooks under their `identity.name`, and one route per action dispatches on
// `data.provider`, like the Python SDK's `get_supported_oauth_provider` / `_get_dynamic_parameter_action`
// (`core/plugin_registration.py`, `core/plugin_executor.py`).

/** Credential values keyed by field name, as Dify decrypted them. */
export type CredentialValues = Readonly<Record<string, unknown>>;

/** What every OAuth hook receives. */
export interface OAuthHookContext {
  /** The daemon session of this request (reverse calls are allowed). */
  readonly session: Session;
  /** The provider's `identity.name`. */
  readonly provider: string;
  /** Dify's callback URL: pass it to the authorization server unchanged. */
  readonly redirectUri: string;
  /** The values of the provider's `oauth_schema.client_schema` (client id, client secret, ...). Never log them. */
  readonly systemCredentials: CredentialValues;
  /** Aborts when the session ends or the connection drops: pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** The session's logger (it masks the credentials of the request). */
  readonly logger: Logger;
}

/** What the `credentials` hook receives: the callback the authorization server redirected the user with. */
export interface OAuthCredentialsHookContext extends OAuthHookContext {
  /** The callback request (§2.4.3), decoded: `new URL(request.url).searchParams.get("code")`. */
  readonly request: Request;
}

/** What the `refresh` hook receives: the stored credentials (`oauth_schema.credentials_schema`) to renew. */
export interface OAuthRefreshHookContext extends OAuthHookContext {
  /** The stored credentials (access token, refresh token, ...). Never log them. */
  readonly credentials: CredentialValues;
}

/**
 * When credentials stop working: a `Date`, Unix seconds (UTC), or `undefined` / `null` / `-1` for never
 * ({@link OAUTH_NEVER_EXPIRES} on the wire).
 */
export type OAuthExpiry = Date | number | null | undefined;

/** What the `refresh` hook returns: the renewed credentials and their expiry. */
export interface OAuthRefreshResult {
  /** The credentials Dify stores (those of `oauth_schema.credentials_schema`). */
  credentials: Record<string, unknown>;
  /** When they expire (default: never). */
  expiresAt?: OAuthExpiry;
}

/** What the `credentials` hook returns: the credentials, their expiry and optional account metadata. */
export interface OAuthCredentialsResult extends OAuthRefreshResult {
  /** About the authorized account (`name`, `avatar_url`, ...), shown by Dify. */
  metadata?: Record<string, unknown>;
}

/** A provider's three OAuth hooks, answering `get_authorization_url`, `get_credentials` and `refresh_credentials`. */
export interface OAuthHooks {
  /** The URL Dify sends the user to (the authorization server's consent page). */
  authorizationUrl(context: OAuthHookContext): string | URL | Promise<string | URL>;
  /** Exchanges the callback (its `code`) for credentials. */
  credentials(context: OAuthCredentialsHookContext): OAuthCredentialsResult | Promise<OAuthCredentialsResult>;
  /** Renews expiring credentials. */
  refresh(context: OAuthRefreshHookContext): OAuthRefreshResult | Promise<OAuthRefreshResult>;
}

/** What a parameter options function receives (the `fetch_parameter_options` request). */
export interface ParameterOptionsHookContext {
  /** The daemon session of this request (reverse calls are allowed). */
  readonly session: Session;
  /** The provider's `identity.name`. */
  readonly provider: string;
  /** The tool name, the trigger event name, or `provider` for a trigger's subscription constructor. */
  readonly providerAction: string;
  /** The parameter whose options are asked for. */
  readonly parameter: string;
  /** The provider's credentials, decrypted by Dify. Never log them. */
  readonly credentials: CredentialValues;
  /** How the credentials were obtained: `api-key`, `oauth2` or `unauthorized` (the default). */
  readonly credentialType: string;
  /** Aborts when the session ends or the connection drops: pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** The session's logger. */
  readonly logger: Logger;
}

/** One option as the wire carries it (`ParameterOption`); the SDK checks it before sending. */
export type ParameterOptionInput = z.input<typeof FetchParameterOptionsReplySchema>["options"][number];

/** Answers `fetch_parameter_options` for one parameter: the wire options (validated before they are sent). */
export type ParameterOptionsHook = (
  context: ParameterOptionsHookContext,
) => readonly ParameterOptionInput[] | Promise<readonly ParameterOptionInput[]>;

/**
 * What a provider component registers with {@link registerProviderHooks}: its name, what it is (for messages),
 * its OAuth hooks and how to find the options function of a `(providerAction, parameter)` pair.
 */
export interface ProviderHooks {
  /** The provider's `identity.name` (`data.provider` of the requests). */
  readonly provider: string;
  /** What the provider is, in messages: `tool provider`, `datasource provider`, `trigger provider`. */
  readonly kind: string;
  /** The provider's OAuth hooks; omitted when it declares no `oauth_schema`. */
  readonly oauth?: OAuthHooks;
  /** The options function of `parameter` of `providerAction`, or `undefined` when there is none. */
  parameterOptions?(providerAction: string, parameter: string): ParameterOptionsHook | undefined;
}

// One registry per Plugin, so every provider kind shares the four routes and dispatches by provider name.
const registries = new WeakMap<Plugin, Map<string, ProviderHooks>>();

/**
 * Registers a provider's OAuth hooks and parameter options on `plugin`, adding the `oauth` routes (on the first
 * provider with `oauth`) and the `dynamic_parameter` route (on the first with `parameterOptions`). A provider
 * name already registered by another component is refused: the daemon names providers only by `identity.name`.
 * Registering the same hooks object twice is a no-op.
 */
export function registerProviderHooks(plugin: Plugin, hooks: ProviderHooks): void {
  let registry = registries.get(plugin);
  if (!registry) {
    registry = new Map();
    registries.set(plugin, registry);
  }
  const existing = registry.get(hooks.provider);
  if (existing === hooks) return;
  if (existing) {
    throw new ValidationError(
      `a ${existing.kind} named ${hooks.provider} already registered OAuth or parameter options on this plugin`,
      { field: "identity.name" },
    );
  }
  const providers = registry;
  const hasOAuth = [...providers.values()].some((entry) => entry.oauth);
  const hasOptions = [...providers.values()].some((entry) => entry.parameterOptions);
  providers.set(hooks.provider, hooks);
  if (hooks.oauth && !hasOAuth) {
    plugin.on(OAUTH_ACCESS_TYPE, "get_authorization_url", (session, data) =>
      authorizationUrl(providers, session, data),
    );
    plugin.on(OAUTH_ACCESS_TYPE, "get_credentials", (session, data) => credentials(providers, session, data));
    plugin.on(OAUTH_ACCESS_TYPE, "refresh_credentials", (session, data) => refresh(providers, session, data));
  }
  if (hooks.parameterOptions && !hasOptions) {
    plugin.on(DYNAMIC_PARAMETER_ACCESS_TYPE, FETCH_PARAMETER_OPTIONS_ACTION, (session, data) =>
      parameterOptions(providers, session, data),
    );
  }
}

/** The providers registered on `plugin` with {@link registerProviderHooks}, by name. */
export function registeredProviderHooks(plugin: Plugin): ReadonlyMap<string, ProviderHooks> {
  return registries.get(plugin) ?? new Map();
}

/**
 * `expiresAt` as the wire's `expires_at`: Unix seconds, {@link OAUTH_NEVER_EXPIRES} for never. A number over
 * 10^11 is refused: it is a millisecond timestamp (`Date.now()`), which Dify would read as the year 5000+.
 */
export function toExpiresAt(expiresAt: OAuthExpiry, field = "expiresAt"): number {
  if (expiresAt === undefined || expiresAt === null) return OAUTH_NEVER_EXPIRES;
  if (expiresAt instanceof Date) {
    const time = expiresAt.getTime();
    if (Number.isNaN(time)) throw new ValidationError("is an invalid Date", { field });
    return Math.floor(time / 1000);
  }
  if (typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) {
    throw new ValidationError("must be a Date or Unix seconds (-1 for never)", { field });
  }
  if (expiresAt > 1e11) {
    throw new ValidationError(
      "looks like milliseconds: give Unix seconds (Math.floor(Date.now() / 1000) + expiresIn) or a Date",
      { field },
    );
  }
  return Math.floor(expiresAt);
}

function oauthOf(providers: Map<string, ProviderHooks>, provider: string): OAuthHooks {
  const hooks = providers.get(provider)?.oauth;
  if (!hooks) throw new OAuthNotSupportedError(provider);
  return hooks;
}

function baseContext(
  session: Session,
  request: { provider: string; redirect_uri: string; system_credentials: Record<string, unknown> },
): OAuthHookContext {
  return {
    session,
    provider: request.provider,
    redirectUri: request.redirect_uri,
    systemCredentials: request.system_credentials,
    signal: session.signal,
    logger: session.logger,
  };
}

async function authorizationUrl(
  providers: Map<string, ProviderHooks>,
  session: Session,
  data: RequestData,
): Promise<OAuthAuthorizationUrlReply> {
  const request = parseInput(OAuthGetAuthorizationUrlRequestSchema, data, {
    what: "get_authorization_url request",
  });
  const hooks = oauthOf(providers, request.provider);
  const secrets = secretsOf(request.system_credentials);
  const url = await masked(secrets, () => hooks.authorizationUrl(baseContext(session, request)));
  return parseInput(
    OAuthAuthorizationUrlReplySchema,
    { authorization_url: url instanceof URL ? url.href : url },
    { what: `${request.provider} oauth.authorizationUrl result` },
  );
}

async function credentials(
  providers: Map<string, ProviderHooks>,
  session: Session,
  data: RequestData,
): Promise<OAuthCredentialsReply> {
  const request = parseInput(OAuthGetCredentialsRequestSchema, data, { what: "get_credentials request" });
  const hooks = oauthOf(providers, request.provider);
  const callback = await decodeRawHttpRequest(request.raw_http_request, { signal: session.signal });
  // The authorization code and state are as secret as a password until exchanged.
  const secrets = secretsOf(request.system_credentials, [...new URL(callback.url).searchParams.values()]);
  const result = await masked(secrets, () =>
    hooks.credentials({ ...baseContext(session, request), request: callback }),
  );
  const what = `${request.provider} oauth.credentials result`;
  const reply = resultObject(result, what);
  return parseInput(
    OAuthCredentialsReplySchema,
    {
      credentials: reply.credentials,
      expires_at: toExpiresAt(reply.expiresAt, `${what}.expiresAt`),
      ...(reply.metadata === undefined ? {} : { metadata: reply.metadata }),
    },
    { what },
  );
}

async function refresh(
  providers: Map<string, ProviderHooks>,
  session: Session,
  data: RequestData,
): Promise<OAuthRefreshCredentialsReply> {
  const request = parseInput(OAuthRefreshCredentialsRequestSchema, data, {
    what: "refresh_credentials request",
  });
  const hooks = oauthOf(providers, request.provider);
  const secrets = secretsOf(request.system_credentials, request.credentials);
  const result = await masked(secrets, () =>
    hooks.refresh({ ...baseContext(session, request), credentials: request.credentials }),
  );
  const what = `${request.provider} oauth.refresh result`;
  const reply = resultObject(result, what);
  return parseInput(
    OAuthRefreshCredentialsReplySchema,
    { credentials: reply.credentials, expires_at: toExpiresAt(reply.expiresAt, `${what}.expiresAt`) },
    { what },
  );
}

async function parameterOptions(
  providers: Map<string, ProviderHooks>,
  session: Session,
  data: RequestData,
): Promise<FetchParameterOptionsReply> {
  const request = parseInput(FetchParameterOptionsRequestSchema, data, {
    what: "fetch_parameter_options request",
  });
  const hook = providers
    .get(request.provider)
    ?.parameterOptions?.(request.provider_action, request.parameter);
  if (!hook) {
    throw new ParameterOptionsNotFoundError(request.provider, request.provider_action, request.parameter);
  }
  const options = await masked(secretsOf(request.credentials), () =>
    hook({
      session,
      provider: request.provider,
      providerAction: request.provider_action,
      parameter: request.parameter,
      credentials: request.credentials,
      credentialType: request.credential_type,
      signal: session.signal,
      logger: session.logger,
    }),
  );
  if (!Array.isArray(options)) {
    throw new ValidationError(
      `the options of ${request.provider_action}.${request.parameter} must be an array of { value, label, icon? }`,
    );
  }
  return parseInput(
    FetchParameterOptionsReplySchema,
    { options: [...options] },
    { what: `options of ${request.provider_action}.${request.parameter}` },
  );
}

function resultObject(result: OAuthCredentialsResult, what: string): OAuthCredentialsResult {
  if (typeof result !== "object" || result === null) {
    throw new ValidationError(`${what} must be { credentials, expiresAt?, metadata? }`);
  }
  return result;
}

function secretsOf(...sources: unknown[]): SecretValues {
  const secrets = new SecretValues();
  for (const source of sources) secrets.addAll(source);
  return secrets;
}

/**
 * Runs a hook and, when it throws, masks in its message and stack every secret of the request (client secret,
 * stored tokens, the callback's code): a hook quoting an authorization server's answer must not leak them.
 */
async function masked<T>(secrets: SecretValues, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error && secrets.size > 0) {
      try {
        error.message = secrets.mask(error.message);
        if (typeof error.stack === "string") error.stack = secrets.mask(error.stack);
      } catch {
        // A frozen error keeps its text; the runtime still masks the request's own credentials.
      }
    }
    throw error;
  }
}
