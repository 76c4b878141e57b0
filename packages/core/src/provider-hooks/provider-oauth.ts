import { ValidationError } from "../errors/validation-error.js";
import type { Session } from "../runtime/session.js";
import type {
  OAuthCredentialsHookContext,
  OAuthExpiry,
  OAuthHookContext,
  OAuthHooks,
  OAuthRefreshHookContext,
} from "./provider-hooks.js";

// The typed `oauth` definition every provider kind with an `oauth_schema` shares (datasource providers,
// trigger subscription constructors, tool providers): two credential schemas and the
// three handlers, checked together, then turned into core's `OAuthHooks` (§2.3 `oauth` rows,
// `pkg/entities/plugin_entities/oauth.go`, the Python SDK's `OAuthProviderProtocol`).

/** A credential form as the OAuth helpers read it: fields keyed by name, each with a type and `required`. */
export type OAuthFormSchema = Readonly<
  Record<string, { readonly type: string; readonly required?: boolean }>
>;

/** The value type of one credential field: text for text / secret / select fields, `boolean` for booleans. */
export type OAuthFieldValue<F extends { readonly type: string }> = F["type"] extends
  | "secret-input"
  | "text-input"
  | "select"
  ? string
  : F["type"] extends "boolean"
    ? boolean
    : unknown;

/**
 * The values of a credential form as a handler reads and returns them: a `required: true` field is present, the
 * others may be missing; other keys are allowed (a flow may store more than it declares).
 */
export type OAuthValuesOf<S extends OAuthFormSchema> = {
  readonly [K in keyof S as S[K] extends { required: true } ? K : never]: OAuthFieldValue<S[K]>;
} & {
  readonly [K in keyof S as S[K] extends { required: true } ? never : K]?: OAuthFieldValue<S[K]> | undefined;
} & Readonly<Record<string, unknown>>;

/** What every OAuth handler receives: `systemCredentials` typed as `SV`, the session with the extensions `A`. */
export interface ProviderOAuthContext<SV = Readonly<Record<string, unknown>>, A = unknown>
  extends Omit<OAuthHookContext, "systemCredentials" | "session"> {
  /** The daemon session, with the extensions the provider `uses`. */
  readonly session: Session<A>;
  /** The values of `clientSchema` a Dify admin entered (client id, client secret, ...). Never log them. */
  readonly systemCredentials: SV;
}

/** What `oauth.credentials` receives: the callback request carrying the authorization `code`. */
export interface ProviderOAuthCallbackContext<SV = Readonly<Record<string, unknown>>, A = unknown>
  extends ProviderOAuthContext<SV, A>,
    Pick<OAuthCredentialsHookContext, "request"> {}

/** What `oauth.refresh` receives: the stored credentials, typed as `KV`. */
export interface ProviderOAuthRefreshContext<
  SV = Readonly<Record<string, unknown>>,
  KV = Readonly<Record<string, unknown>>,
  A = unknown,
> extends ProviderOAuthContext<SV, A> {
  /** The stored credentials (access token, refresh token, ...). Never log them. */
  readonly credentials: KV;
}

/** What `oauth.refresh` returns: the renewed credentials and when they expire. */
export interface ProviderOAuthRefreshed<KV = Readonly<Record<string, unknown>>> {
  /** The credentials Dify stores (those of `credentialsSchema`, extra keys kept). */
  credentials: KV;
  /** When they expire: a `Date` or Unix seconds; omitted (or -1) for never. Dify calls `refresh` before then. */
  expiresAt?: OAuthExpiry;
}

/** What `oauth.credentials` returns: the credentials, their expiry and optional account metadata. */
export interface ProviderOAuthCredentials<KV = Readonly<Record<string, unknown>>>
  extends ProviderOAuthRefreshed<KV> {
  /** About the authorized account (`name`, `avatar_url`, ...), shown by Dify. */
  metadata?: Record<string, unknown>;
}

/**
 * An `oauth` definition: the client fields (`clientSchema`, declared as `oauth_schema.client_schema`), the fields
 * the flow produces (`credentialsSchema`, `oauth_schema.credentials_schema`) and the three handlers. `C` / `K` are
 * the package's own form type; `SV` / `KV` the values a handler reads.
 */
export interface ProviderOAuthDefinition<
  C extends OAuthFormSchema = OAuthFormSchema,
  K extends OAuthFormSchema = OAuthFormSchema,
  SV = OAuthValuesOf<C>,
  KV = OAuthValuesOf<K>,
  A = unknown,
> {
  /** Fields a Dify admin fills in once (`client_id`, `client_secret`, ...): `oauth_schema.client_schema`. */
  clientSchema: C;
  /** Fields the flow produces (`access_token`, ...): `oauth_schema.credentials_schema`. */
  credentialsSchema: K;
  /** `get_authorization_url`: the URL of the consent page, carrying `redirectUri` and the client id. */
  authorizationUrl(context: ProviderOAuthContext<SV, A>): string | URL | Promise<string | URL>;
  /** `get_credentials`: exchanges the callback's `code` for credentials. */
  credentials(
    context: ProviderOAuthCallbackContext<SV, A>,
  ): ProviderOAuthCredentials<KV> | Promise<ProviderOAuthCredentials<KV>>;
  /** `refresh_credentials`: renews the stored credentials before `expiresAt`. */
  refresh(
    context: ProviderOAuthRefreshContext<SV, KV, A>,
  ): ProviderOAuthRefreshed<KV> | Promise<ProviderOAuthRefreshed<KV>>;
}

const HANDLERS = {
  authorizationUrl: "get_authorization_url",
  credentials: "get_credentials",
  refresh: "refresh_credentials",
} as const;

/**
 * Checks that an `oauth` definition has both schemas and the three handlers (Dify shows the OAuth button from the
 * schema, then calls every handler): throws `ValidationError` naming `field.<missing>`. Returns the two schemas.
 */
export function checkProviderOAuth(
  oauth: unknown,
  field = "oauth",
): { clientSchema: OAuthFormSchema; credentialsSchema: OAuthFormSchema } {
  if (typeof oauth !== "object" || oauth === null) {
    throw new ValidationError(
      "must be { clientSchema, credentialsSchema, authorizationUrl, credentials, refresh }",
      { field },
    );
  }
  const definition = oauth as Record<string, unknown>;
  const missingSchemas = (["clientSchema", "credentialsSchema"] as const).filter(
    (key) =>
      typeof definition[key] !== "object" || definition[key] === null || Array.isArray(definition[key]),
  );
  const missingHandlers = (Object.keys(HANDLERS) as Array<keyof typeof HANDLERS>).filter(
    (key) => typeof definition[key] !== "function",
  );
  if (missingSchemas.length === 2 && missingHandlers.length < 3) {
    throw new ValidationError(
      "has OAuth handlers but no clientSchema / credentialsSchema: declare the fields (they become oauth_schema, which makes Dify offer OAuth)",
      { field },
    );
  }
  const [schema] = missingSchemas;
  if (schema !== undefined) {
    throw new ValidationError("is required (an object of credential fields, {} for none)", {
      field: `${field}.${schema}`,
    });
  }
  const [handler] = missingHandlers;
  if (handler !== undefined) {
    throw new ValidationError(
      `is required: oauth_schema is declared, so Dify will call ${HANDLERS[handler]} (define authorizationUrl, credentials and refresh)`,
      { field: `${field}.${handler}` },
    );
  }
  return {
    clientSchema: definition.clientSchema as OAuthFormSchema,
    credentialsSchema: definition.credentialsSchema as OAuthFormSchema,
  };
}

/**
 * Core's {@link OAuthHooks} for a checked `oauth` definition: the handlers' results are checked to carry every
 * `required: true` field of `credentialsSchema` (a `ValidationError` naming `<provider> oauth.<hook> result`).
 */
export function providerOAuthHooks(provider: string, oauth: ProviderOAuthDefinition): OAuthHooks {
  const required = Object.entries(oauth.credentialsSchema)
    .filter(([, spec]) => spec.required === true)
    .map(([name]) => name);
  const checked = <T extends ProviderOAuthRefreshed>(result: T, what: string): T => {
    const credentials = result?.credentials;
    if (typeof credentials === "object" && credentials !== null) {
      const missing = required.filter(
        (name) => credentials[name] === undefined || credentials[name] === null,
      );
      if (missing.length > 0) {
        throw new ValidationError(
          `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required by oauth.credentialsSchema`,
          { field: `${provider} ${what}.credentials` },
        );
      }
    }
    return result;
  };
  return {
    authorizationUrl: (context) => oauth.authorizationUrl(context as ProviderOAuthContext),
    credentials: async (context) =>
      checked(await oauth.credentials(context as ProviderOAuthCallbackContext), "oauth.credentials result"),
    refresh: async (context: OAuthRefreshHookContext) =>
      checked(await oauth.refresh(context as ProviderOAuthRefreshContext), "oauth.refresh result"),
  };
}
