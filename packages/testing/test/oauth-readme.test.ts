import { Plugin } from "@x/core";
import { registerProviderHooks } from "@x/core/internal";
import { createTestHarness } from "@x/testing";
import { expect, it } from "vitest";

// A provider's OAuth hooks and options, registered directly (a tool provider's `oauth` and `dynamic-select`
// parameters register the same hooks).
const plugin = new Plugin();
registerProviderHooks(plugin, {
  provider: "acme",
  kind: "tool provider",
  oauth: {
    authorizationUrl: ({ redirectUri }) => `https://auth.example/authorize?redirect_uri=${redirectUri}`,
    credentials: ({ request }) => ({
      credentials: { access_token: `token-${new URL(request.url).searchParams.get("code")}` },
      expiresAt: new Date("2030-01-01T00:00:00Z"),
    }),
    refresh: () => ({ credentials: { access_token: "renewed" } }),
  },
  parameterOptions: (tool, parameter) =>
    tool === "post" && parameter === "channel"
      ? () => [{ value: "c1", label: { en_US: "General" } }]
      : undefined,
});

it("runs the OAuth flow and fetches dynamic options", async () => {
  const harness = createTestHarness(plugin);
  const base = { provider: "acme", redirectUri: "https://dify.example/callback", systemCredentials: {} };

  const start = await harness.oauth.authorizationUrl(base);
  expect(start.authorizationUrl).toBe(
    "https://auth.example/authorize?redirect_uri=https://dify.example/callback",
  );

  // The callback Dify received, sent as raw HTTP: a URL (here redirectUri + query) or a Request.
  const granted = await harness.oauth.credentials({ ...base, query: { code: "abc", state: "s" } });
  expect(granted.credentials).toEqual({ access_token: "token-abc" });
  expect(granted.expiresAt).toBe(1893456000); // Unix seconds; -1 when the handler gives none

  const renewed = await harness.oauth.refresh({ ...base, credentials: granted.credentials ?? {} });
  expect(renewed).toMatchObject({ credentials: { access_token: "renewed" }, expiresAt: -1, error: null });

  const options = await harness.parameterOptions({ provider: "acme", action: "post", parameter: "channel" });
  expect(options.options).toEqual([{ value: "c1", label: { en_US: "General" } }]);
  await harness.close();
});
