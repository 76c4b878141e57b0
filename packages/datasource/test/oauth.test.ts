import { Plugin, ValidationError } from "@x/core";
import { DatasourceProviderDeclarationSchema } from "@x/protocol";
import { createTestHarness } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  type DatasourceOAuthDefinition,
  defineDatasourceProvider,
  defineOnlineDrive,
  OAuthError,
} from "../src/index.js";
import { CLIENT, startTokenServer } from "./token-server.js";

const harnesses: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});
function harnessOf(plugin: Plugin) {
  const harness = createTestHarness(plugin);
  harnesses.push(harness);
  return harness;
}

const identity = { author: "acme", name: "cloud", label: "Cloud", description: "Cloud", icon: "icon.svg" };
const REDIRECT = "https://dify.example/console/api/oauth/plugin/acme/cloud/cloud/datasource/callback";

/** An online drive whose files come from the token server's API, with the access token OAuth produced. */
const files = defineOnlineDrive({
  identity: { name: "cloud_files" },
  description: "Files of the cloud drive",
  async browse(_request, { credentials, credentialType, signal }) {
    const response = await fetch(`${String(credentials.server_url)}/api/files`, {
      headers: { authorization: `Bearer ${String(credentials.access_token)}` },
      signal,
    });
    if (!response.ok) throw new OAuthError(`the drive answered ${response.status} (${credentialType})`);
    const listed = (await response.json()) as Array<{ id: string; name: string; size: number }>;
    return { files: listed.map((file) => ({ ...file, type: "file" as const })), is_truncated: false };
  },
  download: () => ({ bytes: new Uint8Array([1]) }),
});

const oauth = {
  clientSchema: {
    server_url: { type: "text-input", required: true },
    client_id: { type: "text-input", required: true },
    client_secret: { type: "secret-input", required: true },
  },
  credentialsSchema: {
    access_token: { type: "secret-input", required: true },
    refresh_token: { type: "secret-input" },
  },
  authorizationUrl({ redirectUri, systemCredentials }) {
    const url = new URL("/authorize", systemCredentials.server_url);
    url.searchParams.set("client_id", systemCredentials.client_id);
    url.searchParams.set("redirect_uri", redirectUri);
    return url;
  },
  async credentials({ request, redirectUri, systemCredentials, signal }) {
    const code = new URL(request.url).searchParams.get("code");
    if (!code) throw new OAuthError("the callback carries no code");
    const token = await exchange(
      systemCredentials,
      { grant_type: "authorization_code", code, redirect_uri: redirectUri },
      signal,
    );
    return {
      credentials: { ...token.credentials, server_url: systemCredentials.server_url },
      expiresAt: token.expiresAt,
      metadata: { name: "Ada", avatar_url: "https://avatars.example/ada.png" },
    };
  },
  async refresh({ credentials, systemCredentials, signal }) {
    const token = await exchange(
      systemCredentials,
      { grant_type: "refresh_token", refresh_token: String(credentials.refresh_token) },
      signal,
    );
    return {
      credentials: { ...token.credentials, server_url: systemCredentials.server_url },
      expiresAt: token.expiresAt,
    };
  },
} satisfies DatasourceOAuthDefinition<
  {
    server_url: { type: "text-input"; required: true };
    client_id: { type: "text-input"; required: true };
    client_secret: { type: "secret-input"; required: true };
  },
  { access_token: { type: "secret-input"; required: true }; refresh_token: { type: "secret-input" } }
>;

async function exchange(
  client: { server_url: string; client_id: string; client_secret: string },
  grant: Record<string, string>,
  signal: AbortSignal,
) {
  const response = await fetch(`${client.server_url}/token`, {
    method: "POST",
    body: new URLSearchParams({ ...grant, client_id: client.client_id, client_secret: client.client_secret }),
    signal,
  });
  const body = (await response.json()) as Record<string, string | number>;
  if (!response.ok)
    throw new OAuthError(`the token endpoint refused the grant (${response.status} ${body.error})`);
  return {
    credentials: { access_token: String(body.access_token), refresh_token: String(body.refresh_token) },
    expiresAt: Math.floor(Date.now() / 1000) + Number(body.expires_in),
  };
}

const pluginWithOAuth = () =>
  new Plugin().register(defineDatasourceProvider({ identity, oauth, datasources: [files] }));

describe("datasource provider OAuth", () => {
  it("declares oauth_schema from clientSchema and credentialsSchema, as the daemon validates it", () => {
    const [declaration] = pluginWithOAuth().declarations().get("datasource") ?? [];
    expect(DatasourceProviderDeclarationSchema.safeParse(declaration).success).toBe(true);
    const schema = (declaration as { oauth_schema: Record<string, Array<Record<string, unknown>>> })
      .oauth_schema;
    expect(schema.client_schema?.map((field) => [field.name, field.type, field.required])).toEqual([
      ["server_url", "text-input", true],
      ["client_id", "text-input", true],
      ["client_secret", "secret-input", true],
    ]);
    expect(schema.credentials_schema?.map((field) => [field.name, field.type, field.required])).toEqual([
      ["access_token", "secret-input", true],
      ["refresh_token", "secret-input", false],
    ]);
  });

  it("refuses an oauth without a schema or a handler, naming the field", () => {
    const define = (partial: Record<string, unknown>) => () =>
      defineDatasourceProvider({ identity, datasources: [files], oauth: { ...oauth, ...partial } as never });
    expect(define({ refresh: undefined })).toThrow(ValidationError);
    expect(define({ refresh: undefined })).toThrow(/oauth\.refresh.*refresh_credentials/);
    expect(define({ credentialsSchema: undefined })).toThrow(/oauth\.credentialsSchema/);
    expect(define({ clientSchema: undefined, credentialsSchema: undefined })).toThrow(/no clientSchema/);
  });

  it("answers the three oauth actions in-process, checking the credentials against credentialsSchema", async () => {
    const plugin = new Plugin().register(
      defineDatasourceProvider({
        identity,
        datasources: [files],
        oauth: {
          clientSchema: { client_id: { type: "text-input", required: true } },
          credentialsSchema: { access_token: { type: "secret-input", required: true } },
          authorizationUrl: ({ redirectUri, systemCredentials }) =>
            `https://auth.example/?client_id=${systemCredentials.client_id}&redirect_uri=${redirectUri}`,
          credentials: ({ request }) => {
            const code = new URL(request.url).searchParams.get("code");
            if (code === "empty") return { credentials: {} as { access_token: string } };
            if (!code) throw new OAuthError("the callback carries no code");
            return { credentials: { access_token: `t-${code}` }, expiresAt: new Date(1_893_456_000_000) };
          },
          refresh: ({ credentials }) => ({ credentials: { access_token: `${credentials.access_token}+` } }),
        },
      }),
    );
    const harness = harnessOf(plugin);
    const base = { provider: "cloud", redirectUri: REDIRECT, systemCredentials: { client_id: "c1" } };

    const start = await harness.oauth.authorizationUrl(base);
    expect(start.authorizationUrl).toBe(`https://auth.example/?client_id=c1&redirect_uri=${REDIRECT}`);

    const granted = await harness.oauth.credentials({ ...base, query: { code: "abc" } });
    expect(granted).toMatchObject({
      credentials: { access_token: "t-abc" },
      expiresAt: 1_893_456_000,
      error: null,
    });

    const renewed = await harness.oauth.refresh({ ...base, credentials: { access_token: "t-abc" } });
    expect(renewed).toMatchObject({ credentials: { access_token: "t-abc+" }, expiresAt: -1, error: null });

    const noCode = await harness.oauth.credentials({ ...base, query: { state: "s" } });
    expect(noCode.error).toMatchObject({ error_type: "OAuthError", message: "the callback carries no code" });
    const incomplete = await harness.oauth.credentials({ ...base, query: { code: "empty" } });
    expect(incomplete.error?.error_type).toBe("ValidationError");
    expect(incomplete.error?.message).toContain("access_token is required by oauth.credentialsSchema");
  });

  it("answers OAuthNotSupportedError for a datasource provider without oauth", async () => {
    const harness = harnessOf(pluginWithOAuth());
    const other = await harness.oauth.authorizationUrl({ provider: "elsewhere" });
    expect(other.error).toMatchObject({
      error_type: "OAuthNotSupportedError",
      message: "Provider `elsewhere` does not support OAuth",
    });
  });

  it("runs the whole round against a loopback token server: authorize, callback, browse, refresh", async () => {
    const server = await startTokenServer();
    const harness = harnessOf(pluginWithOAuth());
    const base = {
      provider: "cloud",
      redirectUri: REDIRECT,
      systemCredentials: { server_url: server.url, ...CLIENT },
    };

    const start = await harness.oauth.authorizationUrl(base);
    expect(start.error).toBeNull();
    const consent = await fetch(start.authorizationUrl ?? "", { redirect: "manual" });
    expect(consent.status).toBe(302);
    const callback = consent.headers.get("location") ?? "";
    expect(callback.startsWith(`${REDIRECT}?code=`)).toBe(true);

    const before = Math.floor(Date.now() / 1000);
    const granted = await harness.oauth.credentials({ ...base, callback });
    expect(granted.error).toBeNull();
    expect(granted.credentials).toEqual({
      access_token: "access-2",
      refresh_token: "refresh-2",
      server_url: server.url,
    });
    expect(granted.expiresAt).toBeGreaterThanOrEqual(before + 3600);
    expect(granted.metadata).toEqual({ name: "Ada", avatar_url: "https://avatars.example/ada.png" });
    expect(server.grants[0]).toMatchObject({ grant_type: "authorization_code", redirect_uri: REDIRECT });
    const credentials = granted.credentials ?? {};

    const browsed = await harness.datasource.browse({
      provider: "cloud",
      datasource: "cloud_files",
      credentials,
      credentialType: "oauth2",
    });
    expect(browsed.error).toBeNull();
    expect(browsed.buckets[0]?.files).toEqual([{ id: "f1", name: "report.pdf", size: 1024, type: "file" }]);

    const renewed = await harness.oauth.refresh({ ...base, credentials });
    expect(renewed.error).toBeNull();
    expect(renewed.credentials).toMatchObject({ access_token: "access-3", server_url: server.url });
    const stale = await harness.datasource.browse({
      provider: "cloud",
      datasource: "cloud_files",
      credentials,
      credentialType: "oauth2",
    });
    expect(stale.error?.message).toBe("the drive answered 401 (oauth2)");
    const fresh = await harness.datasource.browse({
      provider: "cloud",
      datasource: "cloud_files",
      credentials: renewed.credentials ?? {},
      credentialType: "oauth2",
    });
    expect(fresh.error).toBeNull();

    // A spent refresh token: an OAuthError that quotes neither the client secret nor the token.
    const replay = await harness.oauth.refresh({ ...base, credentials });
    expect(replay.error).toMatchObject({
      error_type: "OAuthError",
      message: "the token endpoint refused the grant (400 invalid_grant)",
    });
    const text = JSON.stringify(replay.error);
    for (const secret of [CLIENT.client_secret, String(credentials.refresh_token)])
      expect(text).not.toContain(secret);
  });
});
