import { Plugin, ValidationError } from "@x/core";
import { TriggerProviderDeclarationSchema } from "@x/protocol";
import { createTestHarness, type TestHarness, triggerDriver } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AnyTriggerEvent,
  defineTriggerEvent,
  defineTriggerProvider,
  type EventParameterDefinitions,
  OAuthError,
} from "../src/index.js";

const open: TestHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
});
function harnessOf(plugin: Plugin) {
  const harness = createTestHarness(plugin);
  open.push(harness);
  return harness;
}

const identity = { author: "acme", name: "hub", label: "Hub", description: "Hub webhooks", icon: "icon.svg" };
const REDIRECT = "https://dify.example/console/api/oauth/plugin/acme/hub/hub/trigger/callback";

/** `issues`: a workflow picks the label to filter on from the repository's labels. */
const issues = defineTriggerEvent({
  identity: { name: "issues", label: "Issues" },
  description: "Issue activity",
  parameters: {
    label: {
      type: "dynamic-select",
      options: ({ credentials, event, credentialType }) => [
        { value: "bug", label: `Bug (${event}, ${credentialType}, ${String(credentials.access_token)})` },
        {
          value: "docs",
          label: { en_US: "Docs", ja_JP: "ドキュメント" },
          icon: "https://icons.example/d.png",
        },
      ],
    },
  },
  invoke: ({ parameters }) => ({ label: parameters.label ?? "" }),
});

const oauth = {
  clientSchema: {
    client_id: { type: "text-input", required: true },
    client_secret: { type: "secret-input", required: true },
  },
  credentialsSchema: { access_token: { type: "secret-input", required: true } },
} as const;

function provider() {
  return defineTriggerProvider({
    identity,
    subscriptionSchema: { hook_id: { type: "text-input" } },
    subscribeParameters: {
      repository: {
        type: "dynamic-select",
        required: true,
        async options({ credentials, signal }) {
          signal.throwIfAborted();
          if (!credentials.access_token) throw new OAuthError("sign in to list repositories");
          return [
            { value: "acme/app", label: "acme/app" },
            { value: "acme/site", label: "acme/site" },
          ];
        },
      },
    },
    oauth: {
      ...oauth,
      authorizationUrl: ({ redirectUri, systemCredentials }) => {
        const url = new URL("https://hub.example/login/oauth/authorize");
        url.searchParams.set("client_id", systemCredentials.client_id);
        url.searchParams.set("redirect_uri", redirectUri);
        return url;
      },
      credentials: ({ request, systemCredentials }) => {
        const code = new URL(request.url).searchParams.get("code");
        if (!code) throw new OAuthError(`no code for ${systemCredentials.client_secret}`);
        return { credentials: { access_token: `gho_${code}` }, metadata: { name: "octo" } };
      },
      refresh: ({ credentials }) => ({
        credentials: { access_token: `${credentials.access_token}-2` },
        expiresAt: 1_900_000_000,
      }),
    },
    events: [issues],
    dispatch: () => ({ events: ["issues"] }),
    subscribe: ({ parameters, credentialType, credentials }) => ({
      properties: {
        hook_id: `${parameters.repository}:${credentialType}:${String(credentials.access_token)}`,
      },
    }),
    unsubscribe: () => ({ success: true }),
  });
}

describe("trigger subscription constructor OAuth", () => {
  it("declares subscription_constructor.oauth_schema as the daemon validates it", () => {
    const declaration = provider().declaration;
    expect(TriggerProviderDeclarationSchema.safeParse(declaration).success).toBe(true);
    const subscriptionConstructor = declaration.subscription_constructor;
    expect(
      subscriptionConstructor?.oauth_schema?.client_schema?.map((field) => [
        field.name,
        field.type,
        field.required,
      ]),
    ).toEqual([
      ["client_id", "text-input", true],
      ["client_secret", "secret-input", true],
    ]);
    expect(subscriptionConstructor?.oauth_schema?.credentials_schema?.map((field) => field.name)).toEqual([
      "access_token",
    ]);
    // A dynamic-select declares no options: Dify fetches them.
    expect(subscriptionConstructor?.parameters?.[0]).toEqual({
      name: "repository",
      label: { en_US: "repository" },
      type: "dynamic-select",
      required: true,
    });
  });

  it("leaves oauth_schema out without oauth, and refuses oauth without subscribe or with a handler missing", () => {
    const base = { identity, events: [issues], dispatch: () => ({}) };
    const withoutOAuth = defineTriggerProvider({
      ...base,
      subscribe: () => ({ properties: {} }),
      unsubscribe: () => undefined,
    });
    expect(withoutOAuth.declaration.subscription_constructor).not.toHaveProperty("oauth_schema");
    const full = {
      ...oauth,
      authorizationUrl: () => "https://x",
      credentials: () => ({ credentials: {} }),
      refresh: () => ({ credentials: {} }),
    };
    expect(() => defineTriggerProvider({ ...base, oauth: full as never })).toThrow(
      /oauth: belongs to the subscription constructor/,
    );
    expect(() =>
      defineTriggerProvider({
        ...base,
        subscribe: () => ({ properties: {} }),
        unsubscribe: () => undefined,
        oauth: { ...full, credentials: undefined } as never,
      }),
    ).toThrow(/oauth\.credentials: is required.*get_credentials/);
  });

  it("answers the oauth actions, then subscribes with the OAuth credentials", async () => {
    const harness = harnessOf(new Plugin().register(provider()));
    const systemCredentials = { client_id: "cid", client_secret: "hub-secret-9" };
    const base = { provider: "hub", redirectUri: REDIRECT, systemCredentials };

    const start = await harness.oauth.authorizationUrl(base);
    expect(start.error).toBeNull();
    expect(Object.fromEntries(new URL(start.authorizationUrl ?? "").searchParams)).toEqual({
      client_id: "cid",
      redirect_uri: REDIRECT,
    });
    const granted = await harness.oauth.credentials({ ...base, query: { code: "c0de" } });
    expect(granted).toMatchObject({
      credentials: { access_token: "gho_c0de" },
      expiresAt: -1,
      metadata: { name: "octo" },
      error: null,
    });
    const renewed = await harness.oauth.refresh({ ...base, credentials: granted.credentials ?? {} });
    expect(renewed).toMatchObject({ credentials: { access_token: "gho_c0de-2" }, expiresAt: 1_900_000_000 });

    // The callback without a code: the OAuthError's message is masked with the request's secrets.
    const noCode = await harness.oauth.credentials({ ...base, query: { state: "x" } });
    expect(noCode.error?.error_type).toBe("OAuthError");
    expect(JSON.stringify(noCode.error)).not.toContain("hub-secret-9");

    const trigger = triggerDriver(harness, { provider: "hub", credentials: granted.credentials ?? {} });
    const created = await trigger.subscribe({
      credentialType: "oauth2",
      parameters: { repository: "acme/app" },
    });
    expect(created.error).toBeNull();
    expect(created.reply?.subscription.properties).toEqual({ hook_id: "acme/app:oauth2:gho_c0de" });
  });
});

describe("trigger dynamic-select options", () => {
  it("answers fetch_parameter_options for a subscription constructor parameter (provider_action provider)", async () => {
    const harness = harnessOf(new Plugin().register(provider()));
    const listed = await harness.parameterOptions({
      provider: "hub",
      action: "provider",
      parameter: "repository",
      credentials: { access_token: "gho_1" },
      credentialType: "oauth2",
    });
    expect(listed.error).toBeNull();
    expect(listed.options).toEqual([
      { value: "acme/app", label: { en_US: "acme/app" } },
      { value: "acme/site", label: { en_US: "acme/site" } },
    ]);
    const signedOut = await harness.parameterOptions({
      provider: "hub",
      action: "provider",
      parameter: "repository",
    });
    expect(signedOut.error).toMatchObject({
      error_type: "OAuthError",
      message: "sign in to list repositories",
    });
  });

  it("answers fetch_parameter_options for an event parameter (provider_action = the event name)", async () => {
    const harness = harnessOf(new Plugin().register(provider()));
    const listed = await harness.parameterOptions({
      provider: "hub",
      action: "issues",
      parameter: "label",
      credentials: { access_token: "tok" },
      credentialType: "oauth2",
    });
    expect(listed.error).toBeNull();
    expect(listed.options).toEqual([
      { value: "bug", label: { en_US: "Bug (issues, oauth2, tok)" } },
      { value: "docs", label: { en_US: "Docs", ja_JP: "ドキュメント" }, icon: "https://icons.example/d.png" },
    ]);
  });

  it("answers ParameterOptionsNotFoundError for an unknown event, parameter or a non-dynamic parameter", async () => {
    const harness = harnessOf(new Plugin().register(provider()));
    for (const [action, parameter] of [
      ["nope", "label"],
      ["issues", "nope"],
      ["provider", "label"],
    ] as const) {
      const run = await harness.parameterOptions({ provider: "hub", action, parameter });
      expect(run.error?.error_type, `${action}.${parameter}`).toBe("ParameterOptionsNotFoundError");
    }
  });

  it("refuses a dynamic-select without an options function, and an options function on another type", () => {
    const event = (parameters: Record<string, unknown>) => () =>
      defineTriggerEvent({
        identity: { name: "e" },
        description: "E",
        parameters: parameters as EventParameterDefinitions,
        invoke: () => ({}),
      }) as AnyTriggerEvent;
    const declare = (parameters: Record<string, unknown>) => () =>
      defineTriggerProvider({ identity, events: [event(parameters)()], dispatch: () => ({}) });
    expect(declare({ pick: { type: "dynamic-select" } })).toThrow(ValidationError);
    expect(declare({ pick: { type: "dynamic-select" } })).toThrow(
      /events\[0\]\.parameters\.pick\.options.*options function/,
    );
    expect(declare({ pick: { type: "string", options: () => [] } })).toThrow(/not a string/);
  });

  it("checks what an options function returns before it is sent", async () => {
    const bad = defineTriggerEvent({
      identity: { name: "bad" },
      description: "Bad options",
      parameters: { pick: { type: "dynamic-select", options: () => [{ value: "", label: "Empty" }] } },
      invoke: () => ({}),
    });
    const plugin = new Plugin().register(
      defineTriggerProvider({ identity, events: [bad], dispatch: () => ({}) }),
    );
    const run = await harnessOf(plugin).parameterOptions({
      provider: "hub",
      action: "bad",
      parameter: "pick",
    });
    expect(run.error?.error_type).toBe("ValidationError");
    expect(run.error?.message).toContain("bad.pick");
  });
});
