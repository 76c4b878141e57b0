import { describe, expect, it } from "vitest";
import { RequestDataSchema } from "../src/frames/request-frame.js";
import {
  DispatchTriggerEventReplySchema,
  DispatchTriggerEventRequestSchema,
  InvokeTriggerEventReplySchema,
  InvokeTriggerEventRequestSchema,
  RefreshTriggerReplySchema,
  SUBSCRIPTION_NEVER_EXPIRES,
  SubscribeTriggerReplySchema,
  SubscribeTriggerRequestSchema,
  serializeHttpResponseHex,
  TRIGGER_ACCESS_TYPE,
  TRIGGER_ACTIONS,
  TRIGGER_REPLY_SCHEMAS,
  TRIGGER_REQUEST_SCHEMAS,
  TriggerSubscriptionSchema,
  UnsubscribeTriggerReplySchema,
  UnsubscribeTriggerRequestSchema,
  ValidateTriggerCredentialsReplySchema,
  ValidateTriggerCredentialsRequestSchema,
} from "../src/trigger/index.js";
import requests from "./fixtures/trigger-requests.json" with { type: "json" };

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

const endpoint = "https://dify.example/triggers/plugin/5f0c4f4e-8d7e-4a8e-9d0b-2f1d3c4b5a69";

describe("trigger requests", () => {
  it("routes on the trigger access type and the six actions of access.go", () => {
    expect(TRIGGER_ACCESS_TYPE).toBe("trigger");
    expect(TRIGGER_ACTIONS).toEqual([
      "invoke_trigger_event",
      "validate_trigger_credentials",
      "dispatch_trigger_event",
      "subscribe_trigger",
      "unsubscribe_trigger",
      "refresh_trigger",
    ]);
    expect(Object.keys(TRIGGER_REQUEST_SCHEMAS)).toEqual([...TRIGGER_ACTIONS]);
    expect(Object.keys(TRIGGER_REPLY_SCHEMAS)).toEqual([...TRIGGER_ACTIONS]);
  });

  it("parses every fixture request (data as the daemon flattens it) with the schema of its action", () => {
    for (const data of Object.values(requests)) {
      const routed = RequestDataSchema.parse(data);
      expect(routed.type).toBe(TRIGGER_ACCESS_TYPE);
      const schema = TRIGGER_REQUEST_SCHEMAS[routed.action as keyof typeof TRIGGER_REQUEST_SCHEMAS];
      expect(schema.safeParse(data).success).toBe(true);
    }
  });

  it("reads invoke_trigger_event: null parameters as {}, the payload, the subscription and the webhook hex", () => {
    const parsed = InvokeTriggerEventRequestSchema.parse(requests.invoke_trigger_event);
    expect(parsed.parameters).toEqual({});
    expect(parsed.payload).toEqual({ history_id: "1234" });
    expect(parsed.event).toBe("gmail_message_added");
    expect(parsed.subscription).toEqual({
      endpoint,
      expires_at: 1767225600,
      parameters: { label_ids: ["INBOX"] },
      properties: { history_id: "1234", watch_expiration: "1767225600000" },
    });
    expect(Buffer.from(parsed.raw_http_request, "hex").toString()).toMatch(
      /^POST \/triggers\/plugin\/.* HTTP\/1\.1\r\n/,
    );
    const { payload: _p, ...noPayload } = requests.invoke_trigger_event;
    expect(InvokeTriggerEventRequestSchema.parse(noPayload).payload).toEqual({});
  });

  it("reads a manual subscription (no constructor parameters) and null credentials of dispatch_trigger_event", () => {
    const parsed = DispatchTriggerEventRequestSchema.parse(requests.dispatch_trigger_event_manual);
    expect(parsed.credentials).toEqual({});
    expect(parsed.credential_type).toBeUndefined();
    expect(parsed.subscription).toEqual({
      endpoint,
      expires_at: SUBSCRIPTION_NEVER_EXPIRES,
      parameters: null,
      properties: { require_oidc: false },
    });
  });

  it("reads a subscription without expires_at or properties with the SDK's defaults and keeps Dify's own keys", () => {
    expect(TriggerSubscriptionSchema.parse({ endpoint, id: "sub-1" })).toEqual({
      endpoint,
      id: "sub-1",
      expires_at: -1,
      parameters: null,
      properties: {},
    });
    expect(messages(TriggerSubscriptionSchema.safeParse({ properties: {} }))).toEqual([
      "endpoint is required: the webhook URL Dify allocated",
    ]);
  });

  it("refuses a raw_http_request that is not hex and requires the subscription", () => {
    const notHex = { ...requests.dispatch_trigger_event, raw_http_request: "POST / HTTP/1.1" };
    expect(DispatchTriggerEventRequestSchema.safeParse(notHex).success).toBe(false);
    const { subscription: _s, ...noSubscription } = requests.unsubscribe_trigger;
    expect(UnsubscribeTriggerRequestSchema.safeParse(noSubscription).success).toBe(false);
  });

  it("reads subscribe_trigger's endpoint and constructor parameters, and validate's credentials", () => {
    const parsed = SubscribeTriggerRequestSchema.parse(requests.subscribe_trigger);
    expect(parsed.endpoint).toBe(endpoint);
    expect(parsed.parameters).toEqual({ label_ids: ["INBOX"] });
    expect(parsed.credential_type).toBe("oauth2");
    const { endpoint: _e, ...noEndpoint } = requests.subscribe_trigger;
    expect(messages(SubscribeTriggerRequestSchema.safeParse(noEndpoint))).toEqual(["endpoint is required"]);
    expect(
      ValidateTriggerCredentialsRequestSchema.parse(requests.validate_trigger_credentials).credentials,
    ).toEqual({
      api_key: "k",
    });
  });
});

describe("trigger replies", () => {
  it("fills in invoke_trigger_event's cancelled and accepts the SDK's EventIgnoreError reply", () => {
    expect(InvokeTriggerEventReplySchema.parse({ variables: { subject: "Hi" } })).toEqual({
      variables: { subject: "Hi" },
      cancelled: false,
    });
    expect(InvokeTriggerEventReplySchema.parse({ variables: {}, cancelled: true }).cancelled).toBe(true);
    expect(messages(InvokeTriggerEventReplySchema.safeParse({ cancelled: false }))).toEqual([
      "variables (the event's output, shaped by its output_schema) must be an object",
    ]);
  });

  it("validates credentials with { result }", () => {
    expect(ValidateTriggerCredentialsReplySchema.parse({ result: true })).toEqual({ result: true });
    expect(ValidateTriggerCredentialsReplySchema.safeParse({ result: "yes" }).success).toBe(false);
  });

  it("writes a dispatch reply in the SDK's shape: user_id, events, hex response, payload", () => {
    const response = serializeHttpResponseHex({
      status: 200,
      headers: [["Content-Type", "text/plain; charset=utf-8"]],
      body: "OK",
    });
    const parsed = DispatchTriggerEventReplySchema.parse({ events: ["gmail_message_added"], response });
    expect(parsed).toEqual({ user_id: "", events: ["gmail_message_added"], response, payload: {} });
    expect(Buffer.from(parsed.response, "hex").toString()).toBe(
      "HTTP/1.1 200 \r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n\r\nOK",
    );
  });

  it("refuses a dispatch reply whose response is missing, empty or not hex", () => {
    expect(messages(DispatchTriggerEventReplySchema.safeParse({ events: [] }))).toEqual([
      "response is required: the hex of a raw HTTP response (serializeHttpResponseHex)",
    ]);
    expect(DispatchTriggerEventReplySchema.safeParse({ events: [], response: "" }).success).toBe(false);
    expect(
      messages(DispatchTriggerEventReplySchema.safeParse({ events: [], response: "HTTP/1.1 200" })),
    ).toEqual(["response must be hex text (an even number of 0-9, a-f)"]);
    expect(
      DispatchTriggerEventReplySchema.safeParse({ events: [], response: "00", event: "x" }).success,
    ).toBe(false);
  });

  it("writes subscribe and refresh replies as the SDK's Subscription.model_dump(), in its key order", () => {
    const parsed = SubscribeTriggerReplySchema.parse({
      subscription: { endpoint, properties: { external_id: "12345" }, expires_at: 1000 },
    });
    expect(JSON.stringify(parsed)).toBe(
      JSON.stringify({
        subscription: { expires_at: 1000, endpoint, parameters: null, properties: { external_id: "12345" } },
      }),
    );
    expect(RefreshTriggerReplySchema.parse({ subscription: { endpoint } }).subscription.expires_at).toBe(-1);
    const typo = SubscribeTriggerReplySchema.safeParse({ subscription: { endpoint, propertes: {} } });
    expect(messages(typo)).toEqual([
      "unknown key(s) propertes: a subscription is { expires_at, endpoint, parameters, properties }",
    ]);
  });

  it("writes the unsubscribe result under the subscription key, as the SDK does", () => {
    expect(UnsubscribeTriggerReplySchema.parse({ subscription: { success: true } })).toEqual({
      subscription: { success: true, message: null },
    });
    expect(
      UnsubscribeTriggerReplySchema.parse({ subscription: { success: false, message: "gone" } }),
    ).toEqual({
      subscription: { success: false, message: "gone" },
    });
    expect(UnsubscribeTriggerReplySchema.safeParse({ success: true }).success).toBe(false);
  });
});
