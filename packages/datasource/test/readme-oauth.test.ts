import { Plugin } from "@x/core";
import { defineDatasourceProvider, defineOnlineDocument, OAuthError } from "@x/datasource";
import { createTestHarness } from "@x/testing";
import { expect, it } from "vitest";

const wiki = defineOnlineDocument({
  identity: { name: "wiki" },
  description: "Pages of the wiki the user authorized",
  getPages: (_parameters, { credentials }) => [
    {
      workspace_id: "w1",
      workspace_name: `Wiki of ${String(credentials.access_token)}`,
      workspace_icon: "",
      total: 0,
      pages: [],
    },
  ],
  getContent: ({ page_id }) => ({ content: `# ${page_id}` }),
});

const provider = defineDatasourceProvider({
  identity: { author: "acme", name: "wiki", label: "Wiki", description: "A wiki", icon: "icon.svg" },
  oauth: {
    // Declared as oauth_schema: what a Dify admin enters once, and what the flow stores.
    clientSchema: {
      client_id: { type: "text-input", required: true },
      client_secret: { type: "secret-input", required: true },
    },
    credentialsSchema: { access_token: { type: "secret-input", required: true } },
    // get_authorization_url: systemCredentials is typed by clientSchema.
    authorizationUrl({ redirectUri, systemCredentials }) {
      const url = new URL("https://wiki.example/oauth/authorize");
      url.searchParams.set("client_id", systemCredentials.client_id);
      url.searchParams.set("redirect_uri", redirectUri);
      return url;
    },
    // get_credentials: the callback request Dify received. A real plugin POSTs the code to the token endpoint.
    credentials({ request }) {
      const code = new URL(request.url).searchParams.get("code");
      if (!code) throw new OAuthError("the callback carries no code");
      return {
        credentials: { access_token: `token-for-${code}` },
        expiresAt: new Date("2030-01-01T00:00:00Z"),
        metadata: { name: "Ada", avatar_url: "https://wiki.example/ada.png" }, // the account Dify shows
      };
    },
    // refresh_credentials: expiresAt omitted means the new credentials never expire.
    refresh: ({ credentials }) => ({ credentials: { access_token: `${credentials.access_token}-renewed` } }),
  },
  datasources: [wiki],
});

const plugin = new Plugin().register(provider);

it("authorizes, exchanges the callback and reads pages with the OAuth credentials", async () => {
  await using harness = createTestHarness(plugin);
  const client = { provider: "wiki", systemCredentials: { client_id: "c1", client_secret: "s3cret" } };

  const start = await harness.oauth.authorizationUrl(client);
  expect(new URL(start.authorizationUrl ?? "").searchParams.get("client_id")).toBe("c1");

  const granted = await harness.oauth.credentials({ ...client, query: { code: "abc" } });
  expect(granted).toMatchObject({ credentials: { access_token: "token-for-abc" }, expiresAt: 1893456000 });

  const pages = await harness.datasource.pages({
    provider: "wiki",
    datasource: "wiki",
    credentials: granted.credentials,
    credentialType: "oauth2",
  });
  expect(pages.workspaces[0]?.workspace_name).toBe("Wiki of token-for-abc");

  const renewed = await harness.oauth.refresh({ ...client, credentials: granted.credentials ?? {} });
  expect(renewed).toMatchObject({ credentials: { access_token: "token-for-abc-renewed" }, expiresAt: -1 });
});
