import type { ErrorPayload, ParameterOption } from "@x/protocol";
import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";
import type { SessionResult } from "../daemon/session-result.js";

// Drives what Dify asks a provider besides running it: the OAuth flow (§2.3 `oauth` rows, `get_credentials`'
// callback as raw HTTP per §2.4.3) and `fetch_parameter_options`, with the request shapes of
// `pkg/entities/requests/{oauth,dynamic_select}.go`.

/** Sends one request and resolves with what the session produced (`PluginConnection.request`). */
type RequestFn = (
  type: string,
  action: string,
  data: Record<string, unknown>,
  options: DaemonRequestOptions,
) => Promise<SessionResult>;

/** Options shared by the three OAuth requests. */
export interface OAuthRequestOptions extends DaemonRequestOptions {
  /** The provider's `identity.name`. */
  provider: string;
  /** Dify's callback URL (default: {@link defaultRedirectUri} of the provider). */
  redirectUri?: string;
  /** The values of the provider's `oauth_schema.client_schema` (default `{}`). */
  systemCredentials?: Record<string, unknown>;
  /** The user (default `""`). */
  userId?: string;
}

/** Options of {@link OAuthDriver.credentials}: where the authorization server sent the user back. */
export interface OAuthCallbackOptions extends OAuthRequestOptions {
  /**
   * The callback as Dify received it: a URL (a GET) or a `Request`. Default: `redirectUri` with `query` added, which
   * is what an authorization server redirects to.
   */
  callback?: string | URL | Request;
  /** Query parameters added to the callback URL (`{ code, state }`). */
  query?: Record<string, string>;
}

/** Options of {@link OAuthDriver.refresh}. */
export interface OAuthRefreshOptions extends OAuthRequestOptions {
  /** The stored credentials to renew (those `credentials` returned). */
  credentials: Record<string, unknown>;
}

/** What a provider-hook request produced besides its typed answer. */
interface RunBase {
  /** The session id. */
  readonly sessionId: string;
  /** The session's error (`error_type`, `message`, `args`), or null when it succeeded. */
  readonly error: ErrorPayload | null;
  /** The raw `stream` items as sent on the wire. */
  readonly items: unknown[];
}

/** What `get_authorization_url` produced. */
export interface OAuthAuthorizationUrlRun extends RunBase {
  /** The URL Dify would send the user to, or undefined after an error. */
  readonly authorizationUrl: string | undefined;
}

/** What `get_credentials` or `refresh_credentials` produced. */
export interface OAuthCredentialsRun extends RunBase {
  /** The credentials Dify would store, or undefined after an error. */
  readonly credentials: Record<string, unknown> | undefined;
  /** `expires_at` as sent: Unix seconds, -1 for never. */
  readonly expiresAt: number | undefined;
  /** The account metadata (`get_credentials` only). */
  readonly metadata: Record<string, unknown> | undefined;
}

/** Options of `parameterOptions`: the `fetch_parameter_options` request fields and the session envelope. */
export interface ParameterOptionsOptions extends DaemonRequestOptions {
  /** The provider's `identity.name`. */
  provider: string;
  /** The tool name, the trigger event name, or `provider` for a trigger's subscription constructor. */
  action: string;
  /** The `dynamic-select` parameter. */
  parameter: string;
  /** The provider's credentials (default `{}`). */
  credentials?: Record<string, unknown>;
  /** `api-key`, `oauth2` or `unauthorized` (omitted by default, as the daemon omits an empty one). */
  credentialType?: string;
  /** The user (default `""`). */
  userId?: string;
}

/** What `fetch_parameter_options` produced. */
export interface ParameterOptionsRun extends RunBase {
  /** The options, as sent (`[]` after an error). */
  readonly options: ParameterOption[];
}

/** A stand-in for Dify's OAuth callback URL of `provider` (Dify's real one is under `/console/api/oauth/plugin/`). */
export function defaultRedirectUri(provider: string): string {
  return `https://dify.test/console/api/oauth/plugin/${encodeURIComponent(provider)}/callback`;
}

/**
 * The bytes of `raw_http_request` for an OAuth callback, as Dify's API serialises the request it received
 * (request line with the full path and query, every header, `Host` included, then the body). A URL is a GET.
 */
export async function oauthCallbackRequest(callback: string | URL | Request): Promise<Uint8Array> {
  const request = callback instanceof Request ? callback : new Request(callback);
  const url = new URL(request.url);
  const body = new Uint8Array(await request.arrayBuffer());
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of request.headers) if (name !== "host") lines.push(`${name}: ${value}`);
  if (body.length > 0 && !request.headers.has("content-length")) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return new Uint8Array(Buffer.concat([head, body]));
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function first(result: SessionResult): Record<string, unknown> | undefined {
  return result.error ? undefined : record(result.items[0]);
}

function credentialsRun(result: SessionResult): OAuthCredentialsRun {
  const item = first(result);
  return {
    sessionId: result.sessionId,
    error: result.error,
    items: result.items,
    credentials: record(item?.credentials),
    expiresAt: typeof item?.expires_at === "number" ? item.expires_at : undefined,
    metadata: record(item?.metadata),
  };
}

/** Runs a provider's OAuth flow like Dify: `harness.oauth.authorizationUrl(...)`, `.credentials(...)`, `.refresh(...)`. */
export class OAuthDriver {
  private readonly send: RequestFn;

  /** @internal Built by `PluginConnection`. */
  constructor(send: RequestFn) {
    this.send = send;
  }

  private base(options: OAuthRequestOptions) {
    const { provider, redirectUri, systemCredentials, userId, ...envelope } = options;
    return {
      data: {
        user_id: userId ?? "",
        provider,
        redirect_uri: redirectUri ?? defaultRedirectUri(provider),
        system_credentials: systemCredentials ?? {},
      },
      envelope,
    };
  }

  /** Sends `get_authorization_url`. */
  async authorizationUrl(options: OAuthRequestOptions): Promise<OAuthAuthorizationUrlRun> {
    const { data, envelope } = this.base(options);
    const result = await this.send("oauth", "get_authorization_url", data, envelope);
    const url = first(result)?.authorization_url;
    return {
      sessionId: result.sessionId,
      error: result.error,
      items: result.items,
      authorizationUrl: typeof url === "string" ? url : undefined,
    };
  }

  /** Sends `get_credentials` with the callback serialised as raw HTTP (see {@link oauthCallbackRequest}). */
  async credentials(options: OAuthCallbackOptions): Promise<OAuthCredentialsRun> {
    const { callback, query, ...rest } = options;
    const { data, envelope } = this.base(rest);
    let target: string | URL | Request = callback ?? data.redirect_uri;
    if (query) {
      if (target instanceof Request) throw new TypeError("query applies to a URL callback, not a Request");
      const url = new URL(target);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      target = url;
    }
    const raw = await oauthCallbackRequest(target);
    const result = await this.send(
      "oauth",
      "get_credentials",
      { ...data, raw_http_request: Buffer.from(raw).toString("hex") },
      envelope,
    );
    return credentialsRun(result);
  }

  /** Sends `refresh_credentials`. */
  async refresh(options: OAuthRefreshOptions): Promise<OAuthCredentialsRun> {
    const { credentials, ...rest } = options;
    const { data, envelope } = this.base(rest);
    const result = await this.send("oauth", "refresh_credentials", { ...data, credentials }, envelope);
    return credentialsRun(result);
  }
}

/** Sends `fetch_parameter_options` through `send` and reads the options. */
export async function fetchParameterOptions(
  send: RequestFn,
  options: ParameterOptionsOptions,
): Promise<ParameterOptionsRun> {
  const { provider, action, parameter, credentials, credentialType, userId, ...envelope } = options;
  const result = await send(
    "dynamic_parameter",
    "fetch_parameter_options",
    {
      user_id: userId ?? "",
      provider,
      provider_action: action,
      parameter,
      credentials: credentials ?? {},
      ...(credentialType === undefined ? {} : { credential_type: credentialType }),
    },
    envelope,
  );
  const listed = first(result)?.options;
  return {
    sessionId: result.sessionId,
    error: result.error,
    items: result.items,
    options: Array.isArray(listed) ? (listed as ParameterOption[]) : [],
  };
}
