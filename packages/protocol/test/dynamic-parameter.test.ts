import { describe, expect, it } from "vitest";
import {
  DYNAMIC_PARAMETER_ACCESS_TYPE,
  FETCH_PARAMETER_OPTIONS_ACTION,
  FetchParameterOptionsReplySchema,
  FetchParameterOptionsRequestSchema,
  ParameterOptionSchema,
  SUBSCRIPTION_CONSTRUCTOR_PROVIDER_ACTION,
} from "../src/dynamic-parameter/index.js";

function messages(result: { error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

const request = { provider: "github", provider_action: "list_issues", parameter: "repository" };

describe("fetch_parameter_options request", () => {
  it("routes on dynamic_parameter / fetch_parameter_options", () => {
    expect([DYNAMIC_PARAMETER_ACCESS_TYPE, FETCH_PARAMETER_OPTIONS_ACTION]).toEqual([
      "dynamic_parameter",
      "fetch_parameter_options",
    ]);
    expect(SUBSCRIPTION_CONSTRUCTOR_PROVIDER_ACTION).toBe("provider");
  });

  it("defaults an omitted credential_type to unauthorized, as the Python SDK does", () => {
    const parsed = FetchParameterOptionsRequestSchema.parse({ ...request, credentials: { token: "t" } });
    expect(parsed).toMatchObject({
      ...request,
      credentials: { token: "t" },
      credential_type: "unauthorized",
    });
    const oauth = FetchParameterOptionsRequestSchema.parse({
      ...request,
      credentials: {},
      credential_type: "oauth2",
    });
    expect(oauth.credential_type).toBe("oauth2");
  });

  it("reads null credentials as {} and requires provider, provider_action and parameter", () => {
    expect(FetchParameterOptionsRequestSchema.parse({ ...request, credentials: null }).credentials).toEqual(
      {},
    );
    expect(
      messages(FetchParameterOptionsRequestSchema.safeParse({ provider: "github", credentials: {} })),
    ).toEqual(["provider_action is required", "parameter is required"]);
  });
});

describe("fetch_parameter_options reply", () => {
  const label = { en_US: "dify", zh_Hans: "dify" };

  it("accepts what the Python SDK sends: options with value, label and optional icon", () => {
    const reply = {
      options: [
        { value: "langgenius/dify", label, icon: "https://github.com/langgenius.png" },
        { value: "langgenius/dify-plugin-daemon", label: { en_US: "daemon" }, icon: null },
      ],
    };
    expect(FetchParameterOptionsReplySchema.parse(reply)).toEqual(reply);
    expect(FetchParameterOptionsReplySchema.safeParse({ options: [] }).success).toBe(true);
  });

  it("refuses an empty value or a label without en_US (ParameterOption's required rules)", () => {
    expect(messages(ParameterOptionSchema.safeParse({ value: "", label }))).toEqual([
      "option value must not be empty",
    ]);
    expect(messages(ParameterOptionSchema.safeParse({ value: 1, label }))).toEqual([
      "option value is required",
    ]);
    expect(messages(ParameterOptionSchema.safeParse({ value: "x", label: { zh_Hans: "x" } }))).toEqual([
      "en_US is required",
    ]);
  });

  it("refuses a reply that is not { options: [...] }", () => {
    expect(messages(FetchParameterOptionsReplySchema.safeParse({}))).toEqual([
      "options must be an array of { value, label, icon? }",
    ]);
    expect(messages(FetchParameterOptionsReplySchema.safeParse({ options: [], total: 0 }))).toEqual([
      "unknown key(s) total: the reply is { options: [...] }",
    ]);
  });
});
