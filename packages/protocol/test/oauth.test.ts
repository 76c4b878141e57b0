import { describe, expect, it } from "vitest";
import {
  OAUTH_ACCESS_TYPE,
  OAUTH_ACTIONS,
  OAUTH_NEVER_EXPIRES,
  OAuthAuthorizationUrlReplySchema,
  OAuthCredentialsReplySchema,
  OAuthGetAuthorizationUrlRequestSchema,
  OAuthGetCredentialsRequestSchema,
  OAuthRefreshCredentialsReplySchema,
  OAuthRefreshCredentialsRequestSchema,
  OAuthSchemaDeclarationSchema,
} from "../src/oauth/index.js";
import github from "./fixtures/oauth-schema-github.json" with { type: "json" };

function messages(result: { error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

const base = { provider: "github", redirect_uri: "https://dify.example/console/api/oauth/plugin/callback" };
const callback = Buffer.from(
  "GET /callback?code=abc&state=xyz HTTP/1.1\r\nHost: dify.example\r\n\r\n",
).toString("hex");

describe("oauth requests", () => {
  it("routes on the oauth access type and its three actions", () => {
    expect(OAUTH_ACCESS_TYPE).toBe("oauth");
    expect(OAUTH_ACTIONS).toEqual(["get_authorization_url", "get_credentials", "refresh_credentials"]);
  });

  it("reads get_authorization_url with null system_credentials as {}", () => {
    const parsed = OAuthGetAuthorizationUrlRequestSchema.parse({
      type: "oauth",
      action: "get_authorization_url",
      user_id: "u",
      ...base,
      system_credentials: null,
    });
    expect(parsed.system_credentials).toEqual({});
    expect(parsed.redirect_uri).toBe(base.redirect_uri);
    expect(messages(OAuthGetAuthorizationUrlRequestSchema.safeParse({ provider: "github" }))).toEqual([
      "redirect_uri is required",
    ]);
  });

  it("keeps the OAuth callback of get_credentials as hex", () => {
    const parsed = OAuthGetCredentialsRequestSchema.parse({
      ...base,
      system_credentials: { client_id: "id", client_secret: "secret" },
      raw_http_request: callback,
    });
    expect(Buffer.from(parsed.raw_http_request, "hex").toString()).toContain("code=abc");
    expect(OAuthGetCredentialsRequestSchema.safeParse({ ...base, system_credentials: {} }).success).toBe(
      false,
    );
    expect(OAuthGetCredentialsRequestSchema.safeParse({ ...base, raw_http_request: "xyz" }).success).toBe(
      false,
    );
  });

  it("reads refresh_credentials with the stored credentials", () => {
    const parsed = OAuthRefreshCredentialsRequestSchema.parse({
      ...base,
      system_credentials: {},
      credentials: { access_tokens: "t", refresh_token: "r" },
    });
    expect(parsed.credentials).toEqual({ access_tokens: "t", refresh_token: "r" });
    expect(OAuthRefreshCredentialsRequestSchema.parse({ ...base, credentials: null }).credentials).toEqual(
      {},
    );
  });
});

describe("oauth replies", () => {
  it("requires a non-empty authorization_url", () => {
    expect(
      OAuthAuthorizationUrlReplySchema.safeParse({ authorization_url: "https://github.com/login" }).success,
    ).toBe(true);
    expect(messages(OAuthAuthorizationUrlReplySchema.safeParse({ authorization_url: "" }))).toEqual([
      "authorization_url must not be empty",
    ]);
    expect(
      messages(OAuthAuthorizationUrlReplySchema.safeParse({ url: "x", authorization_url: "y" })),
    ).toEqual(["unknown key(s) url: the reply is { authorization_url }"]);
  });

  it("accepts what the Python SDK sends for get_credentials, -1 meaning never expires", () => {
    expect(OAUTH_NEVER_EXPIRES).toBe(-1);
    const reply = { metadata: {}, credentials: { access_tokens: "t" }, expires_at: OAUTH_NEVER_EXPIRES };
    expect(OAuthCredentialsReplySchema.parse(reply)).toEqual(reply);
    const expiring = { credentials: { access_tokens: "t" }, expires_at: 1_767_225_600 };
    expect(OAuthCredentialsReplySchema.safeParse(expiring).success).toBe(true);
  });

  it("refuses an expires_at the daemon would turn into 0 or fail to decode", () => {
    const credentials = { access_tokens: "t" };
    expect(messages(OAuthCredentialsReplySchema.safeParse({ credentials, expires_at: null }))).toEqual([
      "expires_at is required: Unix seconds (UTC), or -1 for never",
    ]);
    expect(messages(OAuthRefreshCredentialsReplySchema.safeParse({ credentials, expires_at: 1.5 }))).toEqual([
      "expires_at must be a whole number of seconds",
    ]);
    expect(messages(OAuthRefreshCredentialsReplySchema.safeParse({ expires_at: -1 }))).toEqual([
      "credentials must be an object of credential name to value",
    ]);
  });

  it("refuses metadata in a refresh reply, which has no such key", () => {
    const result = OAuthRefreshCredentialsReplySchema.safeParse({
      metadata: {},
      credentials: {},
      expires_at: -1,
    });
    expect(messages(result)).toEqual(["unknown key(s) metadata: the reply is { credentials, expires_at }"]);
  });
});

describe("oauth_schema declaration", () => {
  it("accepts a real provider's oauth_schema (github)", () => {
    const parsed = OAuthSchemaDeclarationSchema.parse(github.oauth_schema);
    expect(parsed.client_schema?.map((field) => field.name)).toEqual(["client_id", "client_secret"]);
    expect(parsed.credentials_schema?.map((field) => field.name)).toEqual(["access_tokens"]);
  });

  it("accepts absent lists and validates each field as a ProviderConfig", () => {
    expect(OAuthSchemaDeclarationSchema.safeParse({}).success).toBe(true);
    const result = OAuthSchemaDeclarationSchema.safeParse({
      client_schema: [{ name: "client_id", type: "wrong", label: { en_US: "Client ID" } }],
    });
    expect(result.error?.issues[0]?.path).toEqual(["client_schema", 0, "type"]);
    expect(messages(OAuthSchemaDeclarationSchema.safeParse({ credentials_schema: {} }))).toEqual([
      "credentials_schema must be an array of credential fields",
    ]);
  });
});
