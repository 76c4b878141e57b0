import { z } from "zod";
import { RawHttpRequestHexSchema } from "../endpoint/request.js";
import { lazySchema } from "../lazy-schema.js";

/** Access type of OAuth requests (`data.type`, §2.2). */
export const OAUTH_ACCESS_TYPE = "oauth";

/** The OAuth actions (`data.action`, §2.3). */
export const OAUTH_ACTIONS = ["get_authorization_url", "get_credentials", "refresh_credentials"] as const;

/** One OAuth action. */
export type OAuthAction = (typeof OAUTH_ACTIONS)[number];

const Credentials = lazySchema(() =>
  z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((credentials) => credentials ?? {}),
);

/**
 * Keys every OAuth request carries (`pkg/entities/requests/oauth.go`): `provider` (the provider's
 * `identity.name`), `redirect_uri` (Dify's callback URL, to pass to the authorization server unchanged) and
 * `system_credentials` (the decrypted values of the provider's `oauth_schema.client_schema`, e.g. client id and
 * secret; `null` read as `{}`).
 */
const OAuthBaseShape = lazySchema(() => ({
  provider: z.string({ error: "provider is required" }),
  redirect_uri: z.string({ error: "redirect_uri is required" }),
  system_credentials: Credentials,
}));

/** `data` of `oauth` / `get_authorization_url`: build the URL the user is sent to. Unknown keys are kept. */
export const OAuthGetAuthorizationUrlRequestSchema = lazySchema(() => z.looseObject(OAuthBaseShape));

/** A parsed `get_authorization_url` request. */
export type OAuthGetAuthorizationUrlRequest = z.infer<typeof OAuthGetAuthorizationUrlRequestSchema>;

/**
 * `data` of `oauth` / `get_credentials`: the authorization server redirected the user back to Dify;
 * `raw_http_request` is that callback request (hex of HTTP/1.1, with the `code` and `state` in its query).
 * Unknown keys are kept.
 */
export const OAuthGetCredentialsRequestSchema = lazySchema(() =>
  z.looseObject({
    ...OAuthBaseShape,
    raw_http_request: RawHttpRequestHexSchema,
  }),
);

/** A parsed `get_credentials` request. */
export type OAuthGetCredentialsRequest = z.infer<typeof OAuthGetCredentialsRequestSchema>;

/**
 * `data` of `oauth` / `refresh_credentials`: `credentials` are the stored credentials (those of
 * `oauth_schema.credentials_schema`, e.g. the refresh token) to renew. Unknown keys are kept.
 */
export const OAuthRefreshCredentialsRequestSchema = lazySchema(() =>
  z.looseObject({
    ...OAuthBaseShape,
    credentials: Credentials,
  }),
);

/** A parsed `refresh_credentials` request. */
export type OAuthRefreshCredentialsRequest = z.infer<typeof OAuthRefreshCredentialsRequestSchema>;
