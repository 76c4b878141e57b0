import { ValidationError } from "@x/core";
import {
  checkProviderOAuth,
  type OAuthRefreshHookContext,
  type OAuthValuesOf,
  type ProviderOAuthDefinition,
  providerOAuthHooks,
} from "@x/core/internal";
import { describe, expect, expectTypeOf, it } from "vitest";

const full: ProviderOAuthDefinition = {
  clientSchema: { client_id: { type: "text-input", required: true } },
  credentialsSchema: {
    access_token: { type: "secret-input", required: true },
    scope: { type: "text-input" },
  },
  authorizationUrl: () => "https://auth.example/",
  credentials: () => ({ credentials: { access_token: "a" } }),
  refresh: ({ credentials }) => ({ credentials: { ...credentials } }),
};

describe("checkProviderOAuth", () => {
  it("returns the two schemas of a complete definition", () => {
    expect(checkProviderOAuth(full)).toEqual({
      clientSchema: full.clientSchema,
      credentialsSchema: full.credentialsSchema,
    });
  });

  it("names the missing schema or handler, under the given field", () => {
    const problem = (oauth: unknown, field?: string) => {
      try {
        checkProviderOAuth(oauth, field);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(problem("yes")).toMatch(/^oauth: must be \{ clientSchema, credentialsSchema/);
    expect(problem({ ...full, clientSchema: undefined })).toMatch(/^oauth\.clientSchema: is required/);
    expect(problem({ ...full, clientSchema: [] })).toMatch(/^oauth\.clientSchema: is required/);
    expect(problem({ ...full, refresh: "no" }, "constructor.oauth")).toMatch(
      /^constructor\.oauth\.refresh: is required: .*refresh_credentials/,
    );
    expect(problem({ authorizationUrl: full.authorizationUrl })).toMatch(/^oauth: has OAuth handlers but no/);
  });
});

describe("providerOAuthHooks", () => {
  it("passes results through and refuses one missing a required credential, naming the provider", async () => {
    const hooks = providerOAuthHooks("acme", {
      ...full,
      refresh: () => ({ credentials: { scope: "read" } }),
    });
    const context = {
      credentials: {},
      redirectUri: "r",
      systemCredentials: {},
    } as unknown as OAuthRefreshHookContext;
    await expect(hooks.refresh(context)).rejects.toThrow(
      "acme oauth.refresh result.credentials: access_token is required by oauth.credentialsSchema",
    );
    const ok = providerOAuthHooks("acme", full);
    await expect(ok.refresh({ ...context, credentials: { access_token: "b" } })).resolves.toEqual({
      credentials: { access_token: "b" },
    });
  });

  it("types values from a form: required fields present, text fields strings, booleans booleans", () => {
    type Values = OAuthValuesOf<{
      id: { type: "text-input"; required: true };
      secret: { type: "secret-input" };
      flag: { type: "boolean"; required: true };
    }>;
    expectTypeOf<Values["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Values["secret"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Values["flag"]>().toEqualTypeOf<boolean>();
  });
});
