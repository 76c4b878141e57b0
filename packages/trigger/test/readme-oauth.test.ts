import { Plugin } from "@x/core";
import { createTestHarness, triggerDriver } from "@x/testing";
import { defineTriggerEvent, defineTriggerProvider, OAuthError } from "@x/trigger";
import { expect, it } from "vitest";

// A stand-in for the service's API: the repositories and labels a token can see.
const api = {
  repositories: (token: unknown) => (token ? ["acme/app", "acme/site"] : []),
  labels: () => ["bug", "docs"],
};

const issues = defineTriggerEvent({
  identity: { name: "issues" },
  description: "Issue activity",
  parameters: {
    // fetch_parameter_options with provider_action "issues" (the event's name).
    label: {
      type: "dynamic-select",
      options: () => api.labels().map((label) => ({ value: label, label })),
    },
  },
  invoke: ({ payload, parameters }) => ({ label: parameters.label ?? "", action: String(payload.action) }),
});

const provider = defineTriggerProvider({
  identity: { author: "acme", name: "hub", label: "Hub", description: "Hub webhooks", icon: "icon.svg" },
  subscriptionSchema: { hook_id: { type: "text-input" } },
  subscribeParameters: {
    // fetch_parameter_options with provider_action "provider" (the subscription constructor).
    repository: {
      type: "dynamic-select",
      required: true,
      options: ({ credentials }) =>
        api.repositories(credentials.access_token).map((r) => ({ value: r, label: r })),
    },
  },
  // Declared as subscription_constructor.oauth_schema; subscribe then gets the OAuth credentials.
  oauth: {
    clientSchema: {
      client_id: { type: "text-input", required: true },
      client_secret: { type: "secret-input", required: true },
    },
    credentialsSchema: { access_token: { type: "secret-input", required: true } },
    authorizationUrl: ({ redirectUri, systemCredentials }) =>
      `https://hub.example/login/oauth/authorize?client_id=${systemCredentials.client_id}&redirect_uri=${encodeURIComponent(redirectUri)}`,
    credentials({ request }) {
      const code = new URL(request.url).searchParams.get("code");
      if (!code) throw new OAuthError("the callback carries no code");
      return { credentials: { access_token: `gho_${code}` } }; // a real plugin exchanges the code for a token
    },
    refresh: ({ credentials }) => ({ credentials }),
  },
  events: [issues],
  dispatch: () => ({ events: ["issues"] }),
  subscribe: ({ parameters, credentialType }) => ({
    properties: { hook_id: `${parameters.repository} (${credentialType})` },
  }),
  unsubscribe: () => ({ success: true }),
});

const plugin = new Plugin().register(provider);

it("signs in with OAuth, lists repositories and labels, and subscribes", async () => {
  await using harness = createTestHarness(plugin);
  const client = { provider: "hub", systemCredentials: { client_id: "cid", client_secret: "s3cret" } };

  const start = await harness.oauth.authorizationUrl(client);
  expect(start.authorizationUrl).toMatch(/^https:\/\/hub\.example\/login\/oauth\/authorize\?client_id=cid&/);
  const granted = await harness.oauth.credentials({ ...client, query: { code: "abc" } });
  expect(granted.credentials).toEqual({ access_token: "gho_abc" });
  const credentials = granted.credentials ?? {};

  const repositories = await harness.parameterOptions({
    provider: "hub",
    action: "provider",
    parameter: "repository",
    credentials,
    credentialType: "oauth2",
  });
  expect(repositories.options.map((option) => option.value)).toEqual(["acme/app", "acme/site"]);
  const labels = await harness.parameterOptions({ provider: "hub", action: "issues", parameter: "label" });
  expect(labels.options).toEqual([
    { value: "bug", label: { en_US: "bug" } },
    { value: "docs", label: { en_US: "docs" } },
  ]);

  const trigger = triggerDriver(harness, { provider: "hub", credentials, credentialType: "oauth2" });
  const created = await trigger.subscribe({ parameters: { repository: "acme/app" } });
  expect(created.reply?.subscription.properties).toEqual({ hook_id: "acme/app (oauth2)" });
});
