import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { ProviderConfigSchema } from "../registration/provider-config.js";

/**
 * A provider's `oauth_schema` (`OAuthSchema`, `pkg/entities/plugin_entities/oauth.go`), declared on tool,
 * datasource and trigger providers: `client_schema` lists the fields a Dify admin fills in once (client id,
 * client secret, ...; they arrive as `system_credentials`), `credentials_schema` the fields the OAuth flow produces
 * (access token, refresh token, ...; they arrive as `credentials`). Both are `ProviderConfig` field lists, optional
 * and validated field by field.
 */
export const OAuthSchemaDeclarationSchema = lazySchema(() =>
  z.looseObject({
    client_schema: z
      .array(ProviderConfigSchema, { error: "client_schema must be an array of credential fields" })
      .nullish(),
    credentials_schema: z
      .array(ProviderConfigSchema, { error: "credentials_schema must be an array of credential fields" })
      .nullish(),
  }),
);

/** An `oauth_schema` declaration. */
export type OAuthSchemaDeclaration = z.infer<typeof OAuthSchemaDeclarationSchema>;
