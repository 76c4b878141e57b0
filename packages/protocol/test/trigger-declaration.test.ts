import { describe, expect, it } from "vitest";
import {
  EVENT_PARAMETER_TYPES,
  EventDeclarationSchema,
  EventParameterSchema,
  SubscriptionConstructorSchema,
  TriggerProviderDeclarationSchema,
} from "../src/trigger/index.js";
import gmail from "./fixtures/trigger-provider-gmail.json" with { type: "json" };

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

const identity = {
  author: "test_author",
  name: "test_provider",
  label: { en_US: "Test Provider" },
  description: { en_US: "Test Provider" },
  icon: "icon.svg",
};

const webhookUrl = {
  name: "webhook_url",
  type: "text-input",
  required: true,
  label: { en_US: "Webhook URL" },
};

const event = {
  identity: { author: "test_author", name: "issue_opened", label: { en_US: "Issue Opened" } },
  parameters: [],
  description: { en_US: "An issue was opened" },
  output_schema: { type: "object", properties: { title: { type: "string" } } },
};

describe("trigger provider declaration", () => {
  it("accepts the official Gmail trigger as the Python SDK sends it (events inline, OAuth constructor)", () => {
    const parsed = TriggerProviderDeclarationSchema.parse(gmail);
    expect(parsed.identity.name).toBe("gmail_trigger");
    expect(parsed.subscription_schema.map((field) => field.name)).toEqual([
      "require_oidc",
      "oidc_audience",
      "oidc_service_account_email",
    ]);
    expect(parsed.subscription_constructor?.parameters?.[0]).toMatchObject({
      name: "label_ids",
      type: "dynamic-select",
      multiple: true,
    });
    expect(parsed.subscription_constructor?.oauth_schema?.client_schema?.map((field) => field.name)).toEqual([
      "client_id",
      "client_secret",
      "gcp_service_account_json",
    ]);
    expect(parsed.events?.map((declared) => declared.identity.name)).toEqual([
      "gmail_message_added",
      "gmail_message_deleted",
      "gmail_label_added",
      "gmail_label_removed",
    ]);
  });

  it("requires subscription_schema, [] when empty (required without omitempty: null and absent fail)", () => {
    expect(TriggerProviderDeclarationSchema.safeParse({ identity, subscription_schema: [] }).success).toBe(
      true,
    );
    const expected = [
      "subscription_schema is required: an array of setting fields, [] when there are none (the map form is only read from YAML)",
    ];
    expect(messages(TriggerProviderDeclarationSchema.safeParse({ identity }))).toEqual(expected);
    expect(
      messages(TriggerProviderDeclarationSchema.safeParse({ identity, subscription_schema: null })),
    ).toEqual(expected);
  });

  it("refuses the dict form of subscription_schema that TestTriggerProviderDeclaration_UnmarshalYAML reads from YAML", () => {
    // The YAML test's dict entries, which decode to { name: key, type, required } in YAML only.
    const dictForm = {
      identity,
      subscription_schema: {
        webhook_url: { type: "text-input", required: true, label: { en_US: "Webhook URL" } },
      },
    };
    expect(TriggerProviderDeclarationSchema.safeParse(dictForm).success).toBe(false);
    expect(
      TriggerProviderDeclarationSchema.safeParse({ identity, subscription_schema: [webhookUrl] }).success,
    ).toBe(true);
  });

  it("refuses the YAML test's field types string and password, which are no ProviderConfig types", () => {
    // The daemon validates constructor credentials field by field (dive), but not subscription_schema (no dive);
    // both are refused here because Dify renders them as forms.
    const credentials = [
      { name: "client_id", type: "string", required: true, label: { en_US: "Client ID" } },
      { name: "client_secret", type: "password", required: true, label: { en_US: "Client secret" } },
    ];
    const constructorResult = SubscriptionConstructorSchema.safeParse({ credentials_schema: credentials });
    expect(constructorResult.success).toBe(false);
    expect(constructorResult.error?.issues.map((issue) => issue.path.join("."))).toEqual([
      "credentials_schema.0.type",
      "credentials_schema.1.type",
    ]);
    const fixed = credentials.map((field) => ({ ...field, type: "secret-input" }));
    expect(
      TriggerProviderDeclarationSchema.safeParse({
        identity,
        subscription_schema: [webhookUrl],
        subscription_constructor: { credentials_schema: fixed },
      }).success,
    ).toBe(true);
  });

  it("requires the identity description over remote debugging (validated before the manifest's is copied)", () => {
    const { description: _d, ...noDescription } = identity;
    const result = TriggerProviderDeclarationSchema.safeParse({
      identity: noDescription,
      subscription_schema: [],
    });
    expect(result.error?.issues[0]?.path).toEqual(["identity", "description"]);
  });

  it("checks the provider name pattern, the icon and the tags", () => {
    const base = { subscription_schema: [] };
    expect(
      messages(
        TriggerProviderDeclarationSchema.safeParse({
          ...base,
          identity: { ...identity, name: "my provider" },
        }),
      ),
    ).toEqual(["name must match ^[a-zA-Z0-9_-]+$"]);
    expect(
      messages(TriggerProviderDeclarationSchema.safeParse({ ...base, identity: { ...identity, icon: "" } })),
    ).toEqual(["icon must not be empty"]);
    expect(
      TriggerProviderDeclarationSchema.safeParse({ ...base, identity: { ...identity, tags: ["webhooks"] } })
        .success,
    ).toBe(false);
    expect(
      TriggerProviderDeclarationSchema.safeParse({ ...base, identity: { ...identity, tags: ["trigger"] } })
        .success,
    ).toBe(true);
  });
});

describe("trigger events", () => {
  it("accepts an event and checks its identity name pattern and description", () => {
    expect(EventDeclarationSchema.safeParse(event).success).toBe(true);
    const badName = { ...event, identity: { ...event.identity, name: "issue.opened" } };
    expect(messages(EventDeclarationSchema.safeParse(badName))).toEqual([
      "name must match ^[a-zA-Z0-9_-]+$ (it is the event name dispatch returns)",
    ]);
    const { description: _d, ...noDescription } = event;
    expect(EventDeclarationSchema.safeParse(noDescription).success).toBe(false);
    expect(
      TriggerProviderDeclarationSchema.safeParse({
        identity,
        subscription_schema: [],
        events: ["events/a.yaml"],
      }).success,
    ).toBe(false);
  });

  it("accepts the twelve event parameter types and refuses the tool-only ones", () => {
    expect(EVENT_PARAMETER_TYPES).toHaveLength(12);
    const parameter = { name: "repository", label: { en_US: "Repository" } };
    for (const type of EVENT_PARAMETER_TYPES) {
      expect(EventParameterSchema.safeParse({ ...parameter, type }).success).toBe(true);
    }
    for (const type of ["secret-input", "any", "date", "text-input"]) {
      expect(EventParameterSchema.safeParse({ ...parameter, type }).success).toBe(false);
    }
  });

  it("leaves scope and default free but checks options, auto_generate and a present description", () => {
    const parameter = { name: "events", label: { en_US: "Events" }, type: "checkbox", multiple: true };
    expect(
      EventParameterSchema.safeParse({ ...parameter, scope: "anything", default: ["push", "pull_request"] })
        .success,
    ).toBe(true);
    expect(
      EventParameterSchema.safeParse({ ...parameter, options: [{ value: "push", label: { en_US: "Push" } }] })
        .success,
    ).toBe(true);
    expect(
      messages(EventParameterSchema.safeParse({ ...parameter, options: [{ label: { en_US: "Push" } }] })),
    ).toEqual(["option value is required (any non-null value; the Python SDK sends strings)"]);
    expect(EventParameterSchema.safeParse({ ...parameter, auto_generate: { type: "other" } }).success).toBe(
      false,
    );
    expect(EventParameterSchema.safeParse({ ...parameter, description: { en_US: "" } }).success).toBe(false);
    expect(EventParameterSchema.safeParse({ ...parameter, description: null }).success).toBe(true);
  });
});
