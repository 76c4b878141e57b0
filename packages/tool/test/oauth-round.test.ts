import { fileURLToPath } from "node:url";
import { createTestHarness, launchStdioPlugin, type PluginConnection } from "@x/testing";
import { describe, expect, it } from "vitest";
import { plugin } from "../examples/oauth-provider.js";
import { CLIENT, startAcmeServer } from "./acme-server.js";

const REDIRECT = "https://dify.example/console/api/oauth/plugin/acme/acme_tasks/acme_tasks/tool/callback";

/**
 * The whole OAuth round as Dify runs it, against the loopback authorization server: authorization URL → the user
 * consents (the server redirects to Dify's callback) → the callback as raw HTTP → credentials → a tool and its
 * dynamic options with them → refresh → the renewed token works and the old one does not.
 */
async function oauthRound(connection: PluginConnection) {
  const acme = await startAcmeServer();
  const systemCredentials = { server_url: acme.url, ...CLIENT };
  const base = { provider: "acme_tasks", redirectUri: REDIRECT, systemCredentials };

  const start = await connection.oauth.authorizationUrl(base);
  expect(start.error).toBeNull();
  const authorize = new URL(start.authorizationUrl ?? "");
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${acme.url}/oauth/authorize`);
  expect(Object.fromEntries(authorize.searchParams)).toEqual({
    response_type: "code",
    client_id: CLIENT.client_id,
    redirect_uri: REDIRECT,
    scope: "tasks:read",
  });

  // The browser follows the consent page's redirect back to Dify.
  const consent = await fetch(authorize, { redirect: "manual" });
  expect(consent.status).toBe(302);
  const callback = consent.headers.get("location") ?? "";
  expect(callback.startsWith(`${REDIRECT}?code=`)).toBe(true);

  const before = Math.floor(Date.now() / 1000);
  const granted = await connection.oauth.credentials({ ...base, callback });
  expect(granted.error).toBeNull();
  expect(granted.credentials).toEqual({
    access_token: expect.stringMatching(/^access-/),
    refresh_token: expect.stringMatching(/^refresh-/),
    server_url: acme.url,
  });
  expect(granted.expiresAt).toBeGreaterThanOrEqual(before + 3600);
  expect(acme.grants[0]).toMatchObject({ grant_type: "authorization_code", redirect_uri: REDIRECT });
  const credentials = granted.credentials ?? {};

  const listed = await connection.parameterOptions({
    provider: "acme_tasks",
    action: "list_tasks",
    parameter: "project",
    credentials,
    credentialType: "oauth2",
  });
  expect(listed.error).toBeNull();
  expect(listed.options).toEqual([
    { value: "p1", label: { zh_Hans: "Website", pt_BR: "Website", ja_JP: "Website", en_US: "Website" } },
    {
      value: "p2",
      label: { zh_Hans: "Mobile app", pt_BR: "Mobile app", ja_JP: "Mobile app", en_US: "Mobile app" },
    },
  ]);

  const run = await connection.invokeTool({
    provider: "acme_tasks",
    tool: "list_tasks",
    parameters: { project: "p2" },
    credentials,
    credentialType: "oauth2",
  });
  expect(run.error).toBeNull();
  expect((run.items[0] as { message: { json_object: unknown } }).message.json_object).toEqual({
    project: "p2",
    credentialType: "oauth2",
    tasks: [{ id: "p2-t1", title: "Ship it" }],
  });

  const renewed = await connection.oauth.refresh({ ...base, credentials });
  expect(renewed.error).toBeNull();
  expect(renewed.credentials?.access_token).not.toBe(credentials.access_token);
  expect(renewed.credentials?.server_url).toBe(acme.url);
  expect(renewed.metadata).toBeUndefined();
  expect(acme.grants[1]).toMatchObject({
    grant_type: "refresh_token",
    refresh_token: credentials.refresh_token,
  });

  const stale = await connection.parameterOptions({
    provider: "acme_tasks",
    action: "list_tasks",
    parameter: "project",
    credentials,
  });
  expect(stale.error?.message).toBe("Acme answered 401 for /api/projects");
  const fresh = await connection.parameterOptions({
    provider: "acme_tasks",
    action: "list_tasks",
    parameter: "project",
    credentials: renewed.credentials ?? {},
  });
  expect(fresh.options.map((option) => option.value)).toEqual(["p1", "p2"]);

  // A used refresh token is refused by the server: the SDK answers an OAuthError without quoting any secret.
  const replay = await connection.oauth.refresh({ ...base, credentials });
  expect(replay.error?.error_type).toBe("OAuthError");
  expect(replay.error?.message).toBe("the token endpoint refused the grant (400 invalid_grant)");
  const text = JSON.stringify(replay.error);
  for (const secret of [CLIENT.client_secret, String(credentials.refresh_token)])
    expect(text).not.toContain(secret);
}

describe("OAuth round with a loopback authorization server", () => {
  it("runs in-process through the harness", async () => {
    const harness = createTestHarness(plugin);
    try {
      await oauthRound(harness);
    } finally {
      await harness.close();
    }
  });

  it("runs over stdio with the example as a real child process", async () => {
    const child = await launchStdioPlugin({
      command: process.execPath,
      args: ["--conditions=@x/source", "--import", "tsx", "examples/oauth-provider.ts"],
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    try {
      await oauthRound(child);
    } finally {
      await child.close();
    }
  }, 60_000);

  it("answers a callback without a code (the user denied access) with a clear OAuthError", async () => {
    const harness = createTestHarness(plugin);
    try {
      const denied = await harness.oauth.credentials({
        provider: "acme_tasks",
        redirectUri: REDIRECT,
        systemCredentials: { server_url: "http://127.0.0.1:9", ...CLIENT },
        query: { error: "access_denied", state: "s1" },
      });
      expect(denied.error?.error_type).toBe("OAuthError");
      expect(denied.error?.message).toBe("the callback has no code: the user may have denied access");
      expect(denied.credentials).toBeUndefined();
    } finally {
      await harness.close();
    }
  });
});
