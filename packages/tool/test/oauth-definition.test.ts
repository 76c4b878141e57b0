import { Plugin, ValidationError } from "@x/core";
import { ToolProviderDeclarationSchema } from "@x/protocol";
import { createTestHarness } from "@x/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type DynamicSelectContext,
  defineTool,
  defineToolProvider,
  messages,
  OAuthError,
  type ToolOAuthDefinition,
} from "../src/index.js";

const identity = {
  author: "acme",
  name: "acme",
  label: "Acme",
  description: "Acme tools",
  icon: "icon.svg",
};

const echo = defineTool({
  identity: { name: "echo" },
  description: "Echoes",
  parameters: { text: { type: "string" } },
  invoke: ({ text }) => messages.text(text ?? ""),
});

const oauth = {
  clientSchema: {
    client_id: { type: "text-input", required: true },
    client_secret: { type: "secret-input", required: true },
  },
  credentialsSchema: { access_token: { type: "secret-input", required: true } },
  authorizationUrl: ({ redirectUri }) => `https://auth.example/authorize?redirect_uri=${redirectUri}`,
  credentials: () => ({ credentials: { access_token: "t" } }),
  refresh: () => ({ credentials: { access_token: "t2" } }),
} satisfies ToolOAuthDefinition;

const i18n = (text: string) => ({ zh_Hans: text, pt_BR: text, ja_JP: text, en_US: text });

describe("oauth on defineToolProvider", () => {
  it("declares oauth_schema from clientSchema and credentialsSchema, as the daemon validates it", () => {
    const provider = defineToolProvider({ identity, oauth, tools: [echo] });
    expect(provider.declaration.oauth_schema).toEqual({
      client_schema: [
        expect.objectContaining({
          name: "client_id",
          type: "text-input",
          required: true,
          label: i18n("client_id"),
        }),
        expect.objectContaining({ name: "client_secret", type: "secret-input", required: true }),
      ],
      credentials_schema: [expect.objectContaining({ name: "access_token", type: "secret-input" })],
    });
    const checked = ToolProviderDeclarationSchema.safeParse(JSON.parse(JSON.stringify(provider.declaration)));
    expect(checked.error?.issues).toBeUndefined();
  });

  it("routes the three oauth actions only for a provider with oauth", () => {
    const withOAuth = new Plugin().register(defineToolProvider({ identity, oauth, tools: [echo] }));
    expect(withOAuth.routes().filter((route) => route.type === "oauth")).toHaveLength(3);
    const without = new Plugin().register(defineToolProvider({ identity, tools: [echo] }));
    expect(without.routes().map((route) => route.type)).toEqual(["tool", "tool", "tool"]);
  });

  it("registers the same provider twice on one plugin as once", () => {
    const provider = defineToolProvider({ identity, oauth, tools: [echo] });
    const plugin = new Plugin().register(provider);
    expect(() => plugin.register(provider)).not.toThrow();
    expect(plugin.routes().filter((route) => route.type === "oauth")).toHaveLength(3);
  });

  it("refuses oauth_schema without a handler, naming the handler and the action Dify would call", () => {
    const { refresh: _refresh, ...noRefresh } = oauth;
    expect(() =>
      defineToolProvider({ identity, oauth: noRefresh as unknown as ToolOAuthDefinition, tools: [echo] }),
    ).toThrow(
      new ValidationError(
        "is required: oauth_schema is declared, so Dify will call refresh_credentials (define authorizationUrl, credentials and refresh)",
        { field: "oauth.refresh" },
      ),
    );
    const schemasOnly = { clientSchema: oauth.clientSchema, credentialsSchema: oauth.credentialsSchema };
    expect(() =>
      defineToolProvider({ identity, oauth: schemasOnly as unknown as ToolOAuthDefinition, tools: [echo] }),
    ).toThrow(
      "oauth.authorizationUrl: is required: oauth_schema is declared, so Dify will call get_authorization_url",
    );
  });

  it("refuses handlers without the schemas, and a missing one of the two schemas", () => {
    const { clientSchema: _c, credentialsSchema: _k, ...handlersOnly } = oauth;
    expect(() =>
      defineToolProvider({ identity, oauth: handlersOnly as unknown as ToolOAuthDefinition, tools: [echo] }),
    ).toThrow("oauth: has OAuth handlers but no clientSchema / credentialsSchema");
    const { credentialsSchema: _only, ...noCredentials } = oauth;
    expect(() =>
      defineToolProvider({ identity, oauth: noCredentials as unknown as ToolOAuthDefinition, tools: [echo] }),
    ).toThrow("oauth.credentialsSchema: is required (an object of credential fields, {} for none)");
  });

  it("refuses a credentials result missing a required credentialsSchema field", async () => {
    const provider = defineToolProvider({
      identity,
      oauth: { ...oauth, credentials: () => ({ credentials: { refresh: "r" } as never }) },
      tools: [echo],
    });
    const harness = createTestHarness(new Plugin().register(provider));
    try {
      const run = await harness.oauth.credentials({ provider: "acme", query: { code: "c" } });
      expect(run.error?.message).toBe(
        "acme oauth.credentials result.credentials: access_token is required by oauth.credentialsSchema",
      );
    } finally {
      await harness.close();
    }
  });

  it("types systemCredentials by clientSchema and credentials by credentialsSchema", () => {
    defineToolProvider({
      identity,
      tools: [echo],
      oauth: {
        clientSchema: {
          client_id: { type: "text-input", required: true },
          scope: { type: "text-input" },
          sandbox: { type: "boolean", required: true },
        },
        credentialsSchema: { access_token: { type: "secret-input", required: true } },
        authorizationUrl({ systemCredentials }) {
          expectTypeOf(systemCredentials.client_id).toEqualTypeOf<string>();
          expectTypeOf(systemCredentials.scope).toEqualTypeOf<string | undefined>();
          expectTypeOf(systemCredentials.sandbox).toEqualTypeOf<boolean>();
          return "https://auth.example";
        },
        credentials({ request }) {
          expectTypeOf(request).toEqualTypeOf<Request>();
          return { credentials: { access_token: "t" }, expiresAt: new Date(), metadata: { name: "Ada" } };
        },
        refresh({ credentials }) {
          expectTypeOf(credentials.access_token).toEqualTypeOf<string>();
          return { credentials, expiresAt: -1 };
        },
      },
    });
  });

  it("re-exports core's OAuthError for handlers to throw", () => {
    expect(new OAuthError("no code").code).toBe("DIFY_ERR_OAUTH");
  });
});

describe("dynamic-select parameters", () => {
  const channels = defineTool({
    identity: { name: "post" },
    description: "Posts to a channel",
    parameters: {
      channel: {
        type: "dynamic-select",
        required: true,
        options(context) {
          expectTypeOf(context).toEqualTypeOf<DynamicSelectContext>();
          return [
            { value: "c1", label: "General", icon: "https://icons.example/c1.png" },
            { value: "c2", label: { en_US: "Random", zh_Hans: "随机" } },
            { value: String(context.credentials.team), label: context.credentialType },
          ];
        },
      },
    },
    invoke({ channel }) {
      expectTypeOf(channel).toEqualTypeOf<string>();
      return messages.text(channel);
    },
  });

  it("declares the parameter with no static options", () => {
    const provider = defineToolProvider({ identity, tools: [channels] });
    expect(provider.declaration.tools[0]?.parameters?.[0]).toMatchObject({
      name: "channel",
      type: "dynamic-select",
      options: [],
    });
  });

  it("answers fetch_parameter_options with i18n labels and icons", async () => {
    const harness = createTestHarness(
      new Plugin().register(defineToolProvider({ identity, tools: [channels] })),
    );
    try {
      const run = await harness.parameterOptions({
        provider: "acme",
        action: "post",
        parameter: "channel",
        credentials: { team: "t-9" },
        credentialType: "api-key",
      });
      expect(run.error).toBeNull();
      expect(run.items).toEqual([
        {
          options: [
            { value: "c1", label: i18n("General"), icon: "https://icons.example/c1.png" },
            { value: "c2", label: { zh_Hans: "随机", pt_BR: "Random", ja_JP: "Random", en_US: "Random" } },
            { value: "t-9", label: i18n("api-key") },
          ],
        },
      ]);
      const other = await harness.parameterOptions({ provider: "acme", action: "post", parameter: "text" });
      expect(other.error?.error_type).toBe("ParameterOptionsNotFoundError");
    } finally {
      await harness.close();
    }
  });

  it("asks getRuntimeParameters for a dynamic-select decided at run time", async () => {
    const runtime = defineTool({
      identity: { name: "runtime" },
      description: "Runtime parameters",
      invoke: () => undefined,
      getRuntimeParameters: ({ credentials }) => ({
        board: {
          type: "dynamic-select",
          options: () => [{ value: `board-of-${String(credentials.user)}`, label: "Mine" }],
        },
      }),
    });
    const harness = createTestHarness(
      new Plugin().register(defineToolProvider({ identity, tools: [runtime] })),
    );
    try {
      const run = await harness.parameterOptions({
        provider: "acme",
        action: "runtime",
        parameter: "board",
        credentials: { user: "ada" },
      });
      expect(run.options).toEqual([{ value: "board-of-ada", label: i18n("Mine") }]);
      const missing = await harness.parameterOptions({
        provider: "acme",
        action: "runtime",
        parameter: "nope",
      });
      expect(missing.error?.message).toContain("parameter `nope`");
    } finally {
      await harness.close();
    }
  });

  it("refuses a dynamic-select without an options function", () => {
    const tool = defineTool({
      identity: { name: "t" },
      description: "d",
      parameters: { pick: { type: "dynamic-select" } as never },
      invoke: () => undefined,
    });
    expect(() => defineToolProvider({ identity, tools: [tool] })).toThrow(
      "tools[0].parameters.pick.options: a dynamic-select parameter needs an options({ credentials, parameter, signal }) function",
    );
  });

  it("refuses an options function on a parameter that is not dynamic-select", () => {
    const tool = defineTool({
      identity: { name: "t" },
      description: "d",
      parameters: { pick: { type: "string", options: () => [] } as never },
      invoke: () => undefined,
    });
    expect(() => defineToolProvider({ identity, tools: [tool] })).toThrow(
      "tools[0].parameters.pick.options: an options function is only for dynamic-select parameters (this one is string",
    );
  });

  it("refuses an option without a label, naming the option", async () => {
    const bad = defineTool({
      identity: { name: "bad" },
      description: "d",
      parameters: { p: { type: "dynamic-select", options: () => [{ value: "v" } as never] } },
      invoke: () => undefined,
    });
    const harness = createTestHarness(new Plugin().register(defineToolProvider({ identity, tools: [bad] })));
    try {
      const run = await harness.parameterOptions({ provider: "acme", action: "bad", parameter: "p" });
      expect(run.error?.message).toBe("bad.p.options[0].label: is required (a string or { en_US, ... })");
    } finally {
      await harness.close();
    }
  });
});
