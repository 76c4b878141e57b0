import type { Session } from "@x/core";
import {
  checkProviderOAuth,
  type OAuthCredentialsHookContext,
  type OAuthExpiry,
  type OAuthHookContext,
  type OAuthHooks,
  type ProviderOAuthDefinition,
  providerOAuthHooks,
} from "@x/core/internal";
import type { OAuthSchemaDeclaration } from "@x/protocol";
import {
  type CredentialsSchemaInput,
  type CredentialValuesOf,
  declareCredentials,
} from "./credentials-schema.js";

// OAuth on a tool provider (§2.3 `oauth` rows, `pkg/entities/requests/oauth.go`, the Python SDK's
// `ToolProvider._oauth_*`): the schemas declared as `oauth_schema` and the three handlers answering Dify, checked
// together so a provider cannot declare one without the other.

/** What every tool OAuth handler receives: `systemCredentials` typed by `clientSchema`. */
export interface ToolOAuthContext<C extends CredentialsSchemaInput = CredentialsSchemaInput, A = unknown>
  extends Omit<OAuthHookContext, "systemCredentials" | "session"> {
  /** The daemon session, with the extensions the provider `uses`. */
  readonly session: Session<A>;
  /** The values of `clientSchema` a Dify admin entered (client id, client secret, ...). Never log them. */
  readonly systemCredentials: CredentialValuesOf<C>;
}

/** What `oauth.credentials` receives: the callback request with the authorization `code`. */
export interface ToolOAuthCallbackContext<
  C extends CredentialsSchemaInput = CredentialsSchemaInput,
  A = unknown,
> extends ToolOAuthContext<C, A>,
    Pick<OAuthCredentialsHookContext, "request"> {}

/** What `oauth.refresh` receives: the stored credentials, typed by `credentialsSchema`. */
export interface ToolOAuthRefreshContext<
  C extends CredentialsSchemaInput = CredentialsSchemaInput,
  K extends CredentialsSchemaInput = CredentialsSchemaInput,
  A = unknown,
> extends ToolOAuthContext<C, A> {
  /** The stored credentials (access token, refresh token, ...). Never log them. */
  readonly credentials: CredentialValuesOf<K>;
}

/** What `oauth.refresh` returns: the renewed credentials (`credentialsSchema`'s fields, extra keys kept). */
export interface ToolOAuthRefreshed<K extends CredentialsSchemaInput = CredentialsSchemaInput> {
  /** The credentials Dify stores and passes to the tools (`credentialType: "oauth2"`). */
  credentials: CredentialValuesOf<K>;
  /** When they expire: a `Date` or Unix seconds; omitted (or -1) for never. Dify calls `refresh` before then. */
  expiresAt?: OAuthExpiry;
}

/** What `oauth.credentials` returns: the credentials, their expiry and optional account metadata. */
export interface ToolOAuthCredentials<K extends CredentialsSchemaInput = CredentialsSchemaInput>
  extends ToolOAuthRefreshed<K> {
  /** About the authorized account (`name`, `avatar_url`, ...), shown by Dify. */
  metadata?: Record<string, unknown>;
}

/**
 * OAuth on a tool provider: the fields declared as `oauth_schema` and the three handlers Dify calls. All five
 * are required: a schema without handlers (or the reverse) is refused by `defineToolProvider`.
 */
export interface ToolOAuthDefinition<
  C extends CredentialsSchemaInput = CredentialsSchemaInput,
  K extends CredentialsSchemaInput = CredentialsSchemaInput,
  A = unknown,
> {
  /** Fields a Dify admin fills in once (`client_id`, `client_secret`, ...): `oauth_schema.client_schema`. */
  clientSchema: C;
  /** Fields the flow produces (`access_token`, ...): `oauth_schema.credentials_schema`. */
  credentialsSchema: K;
  /** `get_authorization_url`: the URL of the consent page, carrying `redirectUri` and the client id. */
  authorizationUrl(context: ToolOAuthContext<C, A>): string | URL | Promise<string | URL>;
  /** `get_credentials`: exchanges the callback's `code` for credentials. */
  credentials(
    context: ToolOAuthCallbackContext<C, A>,
  ): ToolOAuthCredentials<K> | Promise<ToolOAuthCredentials<K>>;
  /** `refresh_credentials`: renews the stored credentials before `expiresAt`. */
  refresh(context: ToolOAuthRefreshContext<C, K, A>): ToolOAuthRefreshed<K> | Promise<ToolOAuthRefreshed<K>>;
}

/**
 * Checks a tool provider's `oauth` and builds its `oauth_schema` (`null` without `oauth`). Both schemas and the
 * three handlers must be there (core's `checkProviderOAuth`, shared with datasource and trigger providers): Dify
 * shows the OAuth button from the schema and then calls every handler.
 */
export function declareOAuth(oauth: ToolOAuthDefinition | undefined): OAuthSchemaDeclaration | null {
  if (oauth === undefined) return null;
  checkProviderOAuth(oauth, "oauth");
  return {
    client_schema: declareCredentials(oauth.clientSchema, "oauth.clientSchema"),
    credentials_schema: declareCredentials(oauth.credentialsSchema, "oauth.credentialsSchema"),
  };
}

/** The core hooks answering the `oauth` actions for a tool provider's `oauth` (results checked against its schema). */
export function toolOAuthHooks(provider: string, oauth: ToolOAuthDefinition): OAuthHooks {
  return providerOAuthHooks(provider, oauth as unknown as ProviderOAuthDefinition);
}
