import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

// Replies are one `stream` item each (`pkg/entities/oauth_entities/oauth.go`). The daemon's structs have no
// validation tags: a missing key decodes as its zero value ("" / null / 0) and is forwarded to Dify as such.
// These schemas refuse what would reach Dify empty, and unknown keys.

/**
 * `expires_at` meaning "never expires" (the Python SDK's default on `OAuthCredentials`). Any other value is the
 * expiry as Unix seconds (UTC). A `null` would reach Dify as `0` (Go decodes it into an `int64`), so send -1.
 */
export const OAUTH_NEVER_EXPIRES = -1;

const ExpiresAt = lazySchema(() =>
  z
    .number({ error: `expires_at is required: Unix seconds (UTC), or ${OAUTH_NEVER_EXPIRES} for never` })
    .int("expires_at must be a whole number of seconds"),
);

const CredentialsObject = lazySchema(() =>
  z.record(z.string(), z.unknown(), {
    error: "credentials must be an object of credential name to value",
  }),
);

const unknownKeys = (shape: string) => (issue: z.core.$ZodRawIssue) =>
  issue.code === "unrecognized_keys"
    ? `unknown key(s) ${issue.keys.join(", ")}: the reply is ${shape}`
    : undefined;

/** The reply to `get_authorization_url` (`OAuthGetAuthorizationURLResult`): `{ authorization_url }`. */
export const OAuthAuthorizationUrlReplySchema = lazySchema(() =>
  z.strictObject(
    {
      authorization_url: z
        .string({ error: "authorization_url is required" })
        .min(1, "authorization_url must not be empty"),
    },
    { error: unknownKeys("{ authorization_url }") },
  ),
);

/** The `get_authorization_url` reply as sent. */
export type OAuthAuthorizationUrlReply = z.infer<typeof OAuthAuthorizationUrlReplySchema>;

/**
 * The reply to `get_credentials` (`OAuthGetCredentialsResult`): the credentials to store, their expiry (see
 * {@link OAUTH_NEVER_EXPIRES}) and optional `metadata` about the account (`avatar_url`, `name`, ...).
 */
export const OAuthCredentialsReplySchema = lazySchema(() =>
  z.strictObject(
    {
      metadata: z.record(z.string(), z.unknown(), { error: "metadata must be an object" }).nullish(),
      credentials: CredentialsObject,
      expires_at: ExpiresAt,
    },
    { error: unknownKeys("{ metadata?, credentials, expires_at }") },
  ),
);

/** The `get_credentials` reply as sent. */
export type OAuthCredentialsReply = z.infer<typeof OAuthCredentialsReplySchema>;

/** The reply to `refresh_credentials` (`OAuthRefreshCredentialsResult`): the renewed credentials and expiry. */
export const OAuthRefreshCredentialsReplySchema = lazySchema(() =>
  z.strictObject(
    { credentials: CredentialsObject, expires_at: ExpiresAt },
    { error: unknownKeys("{ credentials, expires_at }") },
  ),
);

/** The `refresh_credentials` reply as sent. */
export type OAuthRefreshCredentialsReply = z.infer<typeof OAuthRefreshCredentialsReplySchema>;
