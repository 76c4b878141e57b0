import { Plugin, ValidationError } from "@x/core";
import {
  OAuthError,
  OAuthNotSupportedError,
  ParameterOptionsNotFoundError,
  type ProviderHooks,
  registeredProviderHooks,
  registerProviderHooks,
  toExpiresAt,
} from "@x/core/internal";
import { describe, expect, it } from "vitest";
import { type Frame, linkedRuntime, requestFrame } from "./support/linked-runtime.js";

const REDIRECT = "https://dify.example/console/api/oauth/plugin/acme/acme/tool/callback";

/** The raw callback Dify forwards (§2.4.3), hex encoded. */
function callbackHex(query: string): string {
  return Buffer.from(`GET /callback?${query} HTTP/1.1\r\nHost: dify.example\r\n\r\n`).toString("hex");
}

const acme: ProviderHooks = {
  provider: "acme",
  kind: "tool provider",
  oauth: {
    authorizationUrl: ({ redirectUri, systemCredentials }) => {
      const url = new URL("https://auth.example/authorize");
      url.searchParams.set("client_id", String(systemCredentials.client_id));
      url.searchParams.set("redirect_uri", redirectUri);
      return url;
    },
    async credentials({ request, systemCredentials }) {
      const code = new URL(request.url).searchParams.get("code");
      if (code === "bad-code-123") throw new OAuthError(`the server refused code ${code}`);
      return {
        credentials: { access_token: `token-for-${code}-${String(systemCredentials.client_id)}` },
        expiresAt: new Date(Date.UTC(2030, 0, 1)),
        metadata: { name: "Ada" },
      };
    },
    refresh: ({ credentials }) => {
      if (credentials.refresh_token === "revoked-token")
        throw new OAuthError("refresh token revoked-token was revoked");
      return { credentials: { access_token: "renewed" } };
    },
  },
  parameterOptions: (action, parameter) =>
    action === "search" && parameter === "channel"
      ? ({ credentials, credentialType }) => [
          { value: "general", label: { en_US: `General (${credentialType})` } },
          { value: "random", label: { en_US: "Random" }, icon: `https://icons.example/${credentials.team}` },
        ]
      : undefined,
};

async function start(...hooks: ProviderHooks[]) {
  const h = await linkedRuntime((plugin) => {
    for (const entry of hooks) registerProviderHooks(plugin, entry);
  });
  let next = 0;
  return {
    plugin: h,
    async send(type: string, action: string, data: Record<string, unknown>) {
      const id = `s${++next}`;
      await h.send(requestFrame(id, { type, action, ...data }));
      await h.ended(id);
      const frames = h.sessionFrames(id).map((f: Frame) => f.data);
      return {
        items: frames.filter((d) => d.type === "stream").map((d) => d.data),
        error: frames.find((d) => d.type === "error")?.data as
          | { error_type: string; message: string; args: { traceback: string } }
          | undefined,
      };
    },
  };
}

describe("provider hooks: oauth", () => {
  it("answers get_authorization_url with the URL the provider builds", async () => {
    const h = await start(acme);
    const { items, error } = await h.send("oauth", "get_authorization_url", {
      provider: "acme",
      redirect_uri: REDIRECT,
      system_credentials: { client_id: "client-1" },
    });
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    const url = new URL((items[0] as { authorization_url: string }).authorization_url);
    expect(url.searchParams.get("redirect_uri")).toBe(REDIRECT);
    expect(url.searchParams.get("client_id")).toBe("client-1");
  });

  it("decodes the callback of get_credentials and maps expiresAt (a Date) to Unix seconds", async () => {
    const h = await start(acme);
    const { items } = await h.send("oauth", "get_credentials", {
      provider: "acme",
      redirect_uri: REDIRECT,
      system_credentials: { client_id: "client-1" },
      raw_http_request: callbackHex("code=abc&state=xyz"),
    });
    expect(items).toEqual([
      {
        credentials: { access_token: "token-for-abc-client-1" },
        expires_at: Date.UTC(2030, 0, 1) / 1000,
        metadata: { name: "Ada" },
      },
    ]);
  });

  it("answers refresh_credentials, an omitted expiresAt being -1 (never)", async () => {
    const h = await start(acme);
    const { items } = await h.send("oauth", "refresh_credentials", {
      provider: "acme",
      redirect_uri: REDIRECT,
      system_credentials: null,
      credentials: { refresh_token: "r1" },
    });
    expect(items).toEqual([{ credentials: { access_token: "renewed" }, expires_at: -1 }]);
  });

  it("masks the callback's code and the stored tokens in a hook's error text", async () => {
    const h = await start(acme);
    const exchange = await h.send("oauth", "get_credentials", {
      provider: "acme",
      redirect_uri: REDIRECT,
      system_credentials: {},
      raw_http_request: callbackHex("code=bad-code-123"),
    });
    expect(exchange.error?.error_type).toBe("OAuthError");
    expect(exchange.error?.message).toBe("the server refused code [redacted]");
    expect(exchange.error?.args.traceback).not.toContain("bad-code-123");
    const renew = await h.send("oauth", "refresh_credentials", {
      provider: "acme",
      redirect_uri: REDIRECT,
      credentials: { refresh_token: "revoked-token" },
    });
    expect(renew.error?.message).toBe("refresh token [redacted] was revoked");
  });

  it("refuses an oauth action for a provider without OAuth with the Python SDK's message", async () => {
    const h = await start(acme, {
      provider: "plain",
      kind: "tool provider",
      parameterOptions: () => undefined,
    });
    const { error } = await h.send("oauth", "get_authorization_url", {
      provider: "plain",
      redirect_uri: REDIRECT,
    });
    expect(error?.error_type).toBe("OAuthNotSupportedError");
    expect(error?.message).toBe("Provider `plain` does not support OAuth");
  });

  it("checks a hook's result against the daemon's reply struct, naming the provider and field", async () => {
    const h = await start({
      provider: "broken",
      kind: "tool provider",
      oauth: {
        authorizationUrl: () => "",
        credentials: () => ({ credentials: { t: "x" }, expiresAt: Date.now() }),
        refresh: () => ({ credentials: null as unknown as Record<string, unknown> }),
      },
    });
    const base = { provider: "broken", redirect_uri: REDIRECT };
    const url = await h.send("oauth", "get_authorization_url", base);
    expect(url.error?.message).toContain("authorization_url must not be empty");
    const exchange = await h.send("oauth", "get_credentials", {
      ...base,
      raw_http_request: callbackHex("code=c"),
    });
    expect(exchange.error?.message).toContain("looks like milliseconds");
    const renew = await h.send("oauth", "refresh_credentials", { ...base, credentials: {} });
    expect(renew.error?.message).toContain("credentials must be an object");
  });

  it("refuses a malformed callback request with the raw HTTP parser's error", async () => {
    const h = await start(acme);
    const { error } = await h.send("oauth", "get_credentials", {
      provider: "acme",
      redirect_uri: REDIRECT,
      raw_http_request: Buffer.from("NOT HTTP\r\n\r\n").toString("hex"),
    });
    expect(error?.error_type).toBe("RawHttpRequestError");
  });
});

describe("provider hooks: parameter options", () => {
  it("answers fetch_parameter_options from the provider's options function", async () => {
    const h = await start(acme);
    const { items, error } = await h.send("dynamic_parameter", "fetch_parameter_options", {
      provider: "acme",
      provider_action: "search",
      parameter: "channel",
      credentials: { team: "t1" },
      credential_type: "oauth2",
    });
    expect(error).toBeUndefined();
    expect(items).toEqual([
      {
        options: [
          { value: "general", label: { en_US: "General (oauth2)" } },
          { value: "random", label: { en_US: "Random" }, icon: "https://icons.example/t1" },
        ],
      },
    ]);
  });

  it("refuses an unknown provider, action or parameter with one clear error", async () => {
    const h = await start(acme);
    for (const [provider, action, parameter] of [
      ["nope", "search", "channel"],
      ["acme", "other", "channel"],
      ["acme", "search", "other"],
    ]) {
      const { error } = await h.send("dynamic_parameter", "fetch_parameter_options", {
        provider,
        provider_action: action,
        parameter,
        credentials: null,
      });
      expect(error?.error_type).toBe("ParameterOptionsNotFoundError");
      expect(error?.message).toContain(`provider \`${provider}\``);
    }
  });

  it("checks the options against ParameterOption (non-empty value, label with en_US)", async () => {
    const h = await start({
      provider: "bad",
      kind: "tool provider",
      parameterOptions: () => () => [{ value: "", label: { en_US: "Empty" } }],
    });
    const { error } = await h.send("dynamic_parameter", "fetch_parameter_options", {
      provider: "bad",
      provider_action: "t",
      parameter: "p",
      credentials: {},
    });
    expect(error?.error_type).toBe("ValidationError");
    expect(error?.message).toMatch(/^options\.0\.value: options of t\.p: option value/);
  });
});

describe("provider hooks: registration", () => {
  it("adds the oauth routes only with an OAuth provider and the dynamic_parameter route only with options", () => {
    const plugin = new Plugin();
    registerProviderHooks(plugin, {
      provider: "a",
      kind: "tool provider",
      parameterOptions: () => undefined,
    });
    expect(plugin.routes()).toEqual([{ type: "dynamic_parameter", action: "fetch_parameter_options" }]);
    registerProviderHooks(plugin, acme);
    registerProviderHooks(plugin, acme);
    expect(plugin.routes().map((r) => `${r.type}/${r.action}`)).toEqual([
      "dynamic_parameter/fetch_parameter_options",
      "oauth/get_authorization_url",
      "oauth/get_credentials",
      "oauth/refresh_credentials",
    ]);
    expect([...registeredProviderHooks(plugin).keys()]).toEqual(["a", "acme"]);
  });

  it("refuses a second provider of the same name", () => {
    const plugin = new Plugin();
    registerProviderHooks(plugin, acme);
    expect(() => registerProviderHooks(plugin, { ...acme, kind: "trigger provider" })).toThrow(
      "identity.name: a tool provider named acme already registered OAuth or parameter options on this plugin",
    );
  });

  it("maps expiry values: never, Date, Unix seconds; refuses milliseconds and junk", () => {
    expect(toExpiresAt(undefined)).toBe(-1);
    expect(toExpiresAt(null)).toBe(-1);
    expect(toExpiresAt(-1)).toBe(-1);
    expect(toExpiresAt(1_900_000_000.7)).toBe(1_900_000_000);
    expect(toExpiresAt(new Date(1_900_000_000_500))).toBe(1_900_000_000);
    expect(() => toExpiresAt(1_900_000_000_000)).toThrow(ValidationError);
    expect(() => toExpiresAt(Number.NaN)).toThrow("must be a Date or Unix seconds");
    expect(() => toExpiresAt(new Date("nope"))).toThrow("invalid Date");
  });

  it("names its errors with stable codes", () => {
    expect(new OAuthNotSupportedError("p").code).toBe("DIFY_ERR_OAUTH_NOT_SUPPORTED");
    expect(new ParameterOptionsNotFoundError("p", "a", "x").code).toBe(
      "DIFY_ERR_PARAMETER_OPTIONS_NOT_FOUND",
    );
    expect(new OAuthError("m").code).toBe("DIFY_ERR_OAUTH");
  });
});
