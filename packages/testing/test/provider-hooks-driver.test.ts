import { readFileSync } from "node:fs";
import { Plugin } from "@x/core";
import { decodeRawHttpRequest, registerProviderHooks } from "@x/core/internal";
import {
  FetchParameterOptionsRequestSchema,
  OAuthGetAuthorizationUrlRequestSchema,
  OAuthGetCredentialsRequestSchema,
  OAuthRefreshCredentialsRequestSchema,
} from "@x/protocol";
import { describe, expect, it } from "vitest";
import { createTestHarness, defaultRedirectUri, oauthCallbackRequest } from "../src/index.js";

/** A plugin whose provider hooks record the request `data` they were sent and answer fixed values. */
function recordingPlugin() {
  const seen: Array<Record<string, unknown>> = [];
  const plugin = new Plugin();
  registerProviderHooks(plugin, {
    provider: "p",
    kind: "tool provider",
    oauth: {
      authorizationUrl: ({ session }) => {
        seen.push(session.data);
        return "https://auth.example/authorize";
      },
      credentials: async ({ session, request }) => {
        seen.push(session.data);
        return {
          credentials: { code: new URL(request.url).searchParams.get("code"), body: await request.text() },
          expiresAt: 1_900_000_000,
          metadata: { name: "Ada" },
        };
      },
      refresh: ({ session, credentials }) => {
        seen.push(session.data);
        return { credentials: { ...credentials, renewed: true } };
      },
    },
    parameterOptions:
      () =>
      ({ session }) => {
        seen.push(session.data);
        return [{ value: "a", label: { en_US: "A" } }];
      },
  });
  return { plugin, seen };
}

describe("oauthCallbackRequest", () => {
  it("serialises a callback URL as a GET with the full path, query and Host, which core decodes back", async () => {
    const raw = await oauthCallbackRequest(
      "https://dify.example/console/api/oauth/plugin/p/callback?code=c1&state=s",
    );
    expect(Buffer.from(raw).toString("latin1")).toBe(
      "GET /console/api/oauth/plugin/p/callback?code=c1&state=s HTTP/1.1\r\nHost: dify.example\r\n\r\n",
    );
    const request = await decodeRawHttpRequest(Buffer.from(raw).toString("hex"));
    expect(request.method).toBe("GET");
    expect(new URL(request.url).searchParams.get("code")).toBe("c1");
  });

  it("keeps a Request's method, headers and body (a form_post callback) with its Content-Length", async () => {
    const raw = await oauthCallbackRequest(
      new Request("https://dify.example/cb", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "code=c2&state=s",
      }),
    );
    const request = await decodeRawHttpRequest(Buffer.from(raw).toString("hex"));
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(request.headers.get("content-length")).toBe("15");
    expect(await request.text()).toBe("code=c2&state=s");
  });
});

describe("harness.oauth and harness.parameterOptions", () => {
  it("send requests the protocol's request schemas (the daemon's structs) accept", async () => {
    const { plugin, seen } = recordingPlugin();
    const harness = createTestHarness(plugin);
    try {
      const start = await harness.oauth.authorizationUrl({
        provider: "p",
        systemCredentials: { client_id: "id" },
      });
      expect(start.authorizationUrl).toBe("https://auth.example/authorize");
      const granted = await harness.oauth.credentials({ provider: "p", query: { code: "c3" } });
      expect(granted).toMatchObject({
        error: null,
        credentials: { code: "c3", body: "" },
        expiresAt: 1_900_000_000,
        metadata: { name: "Ada" },
      });
      const renewed = await harness.oauth.refresh({ provider: "p", credentials: { token: "t" } });
      expect(renewed).toMatchObject({ credentials: { token: "t", renewed: true }, expiresAt: -1 });
      const listed = await harness.parameterOptions({ provider: "p", action: "tool", parameter: "x" });
      expect(listed.options).toEqual([{ value: "a", label: { en_US: "A" } }]);

      const [url, callback, refresh, options] = seen;
      expect(OAuthGetAuthorizationUrlRequestSchema.parse(url)).toMatchObject({
        provider: "p",
        redirect_uri: defaultRedirectUri("p"),
        system_credentials: { client_id: "id" },
      });
      const parsed = OAuthGetCredentialsRequestSchema.parse(callback);
      expect(Buffer.from(parsed.raw_http_request, "hex").toString("latin1")).toContain(
        `GET ${new URL(defaultRedirectUri("p")).pathname}?code=c3 HTTP/1.1`,
      );
      expect(OAuthRefreshCredentialsRequestSchema.parse(refresh).credentials).toEqual({ token: "t" });
      expect(FetchParameterOptionsRequestSchema.parse(options)).toMatchObject({
        provider: "p",
        provider_action: "tool",
        parameter: "x",
        credentials: {},
        credential_type: "unauthorized",
      });
      expect(options).not.toHaveProperty("credential_type");
    } finally {
      await harness.close();
    }
  });

  it("reports a session error instead of throwing, with no typed answer", async () => {
    const { plugin } = recordingPlugin();
    const harness = createTestHarness(plugin);
    try {
      const run = await harness.oauth.authorizationUrl({ provider: "unknown" });
      expect(run.authorizationUrl).toBeUndefined();
      expect(run.error).toMatchObject({
        error_type: "OAuthNotSupportedError",
        message: "Provider `unknown` does not support OAuth",
      });
    } finally {
      await harness.close();
    }
  });
});

describe("README", () => {
  it("the OAuth example is test/oauth-readme.test.ts, verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const from = readme.indexOf("### OAuth and dynamic options");
    expect(from).toBeGreaterThan(0);
    const start = readme.indexOf("```ts\n", from) + "```ts\n".length;
    const block = readme.slice(start, readme.indexOf("\n```", start) + 1);
    expect(block).toBe(readFileSync(new URL("./oauth-readme.test.ts", import.meta.url), "utf8"));
  });
});
