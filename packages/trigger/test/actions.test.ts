import { Plugin } from "@x/core";
import { TRIGGER_ACCESS_TYPE, TRIGGER_ACTIONS, TRIGGER_REQUEST_SCHEMAS } from "@x/protocol";
import { createTestHarness, MockDify, type TestHarness, triggerDriver } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { signWebhook } from "../src/index.js";
import { fixturePlugin, fixtureProvider, SECRET } from "./fixture.js";

const open: TestHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
});

function setup(api: { calls: string[] } = { calls: [] }) {
  const harness = createTestHarness(fixturePlugin(api), { dify: new MockDify() });
  open.push(harness);
  return triggerDriver(harness, { provider: "hub", credentials: { token: "good" } });
}

const subscription = {
  expires_at: -1,
  endpoint: "https://dify.example/triggers/webhook/sub-1",
  parameters: { repository: "acme/app" },
  properties: { webhook_secret: SECRET, hook_id: 7 },
};

function webhook(kind: string, payload: object, options: { secret?: string; tamper?: boolean } = {}) {
  const body = JSON.stringify(payload);
  const signature = signWebhook({ secret: options.secret ?? SECRET, body });
  return new Request("https://dify.example/triggers/webhook/sub-1?x=1", {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-event": kind, "x-hub-signature-256": signature },
    body: options.tamper ? body.replace("Bug", "Bag") : body,
  });
}

const opened = { action: "opened", issue: { title: "Bug", labels: ["bug"] }, sender: { id: 42 } };

describe("trigger actions", () => {
  it("answers every trigger action of the daemon's catalogue", () => {
    const plugin = fixturePlugin();
    for (const action of TRIGGER_ACTIONS) {
      expect(plugin.handler(TRIGGER_ACCESS_TYPE, action), action).toBeTypeOf("function");
      expect(TRIGGER_REQUEST_SCHEMAS[action]).toBeDefined();
    }
  });

  it("dispatches a signed webhook: the events to fire, who sent it, the payload and a hex HTTP response", async () => {
    const trigger = setup();
    const run = await trigger.dispatch(webhook("issues", opened), { subscription });
    expect(run.error).toBeNull();
    expect(run.events).toEqual(["issues"]);
    expect(run.reply?.user_id).toBe("42");
    expect(run.reply?.payload).toEqual(opened);
    expect(run.reply?.response).toMatch(/^[0-9a-f]+$/);
    expect(run.response?.status).toBe(200);
    expect(await run.response?.json()).toEqual({ status: "ok" });
    expect(Buffer.from(run.reply?.response ?? "", "hex").toString()).toBe(
      'HTTP/1.1 200 \r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"status":"ok"}',
    );
  });

  it("answers a tampered webhook 401 with a clear message and fires nothing", async () => {
    const trigger = setup();
    const run = await trigger.dispatch(webhook("issues", opened, { tamper: true }), { subscription });
    expect(run.error).toBeNull();
    expect(run.events).toEqual([]);
    expect(run.response?.status).toBe(401);
    const text = await run.response?.text();
    expect(text).toBe(
      "webhook signature mismatch: X-Hub-Signature-256 does not match the body signed with the subscription's secret",
    );
    expect(text).not.toContain(SECRET);
    const wrongSecret = await trigger.dispatch(webhook("issues", opened, { secret: "other" }), {
      subscription,
    });
    expect(wrongSecret.response?.status).toBe(401);
  });

  it("answers a WebhookRejectedError with its status, and relays the plugin's own Response", async () => {
    const trigger = setup();
    const unsigned = new Request("https://dify.example/hook", { method: "POST", body: "{}" });
    const missing = await trigger.dispatch(unsigned, { subscription });
    expect([missing.response?.status, await missing.response?.text()]).toEqual([
      401,
      "webhook signature missing: the request has no X-Hub-Signature-256",
    ]);
    const request = webhook("issues", opened);
    request.headers.delete("x-hub-event");
    const rejected = await trigger.dispatch(request, { subscription });
    expect([rejected.response?.status, await rejected.response?.text()]).toEqual([
      400,
      "missing X-Hub-Event header",
    ]);
    const ping = await trigger.dispatch(webhook("ping", {}), { subscription });
    expect([ping.events, ping.response?.status, await ping.response?.text()]).toEqual([[], 202, "pong"]);
  });

  it("answers 400 when the raw HTTP request does not parse", async () => {
    const harness = createTestHarness(fixturePlugin(), { dify: new MockDify() });
    open.push(harness);
    const result = await harness.request("trigger", "dispatch_trigger_event", {
      provider: "hub",
      subscription,
      raw_http_request: Buffer.from("NOT HTTP\r\n\r\n").toString("hex"),
      credentials: null,
      user_id: "",
    });
    const reply = result.items[0] as { events: string[]; response: string };
    expect(reply.events).toEqual([]);
    expect(Buffer.from(reply.response, "hex").toString()).toMatch(/^HTTP\/1\.1 400 \r\n[\s\S]*Bad Request: /);
  });

  it("invokes the fired event with dispatch's payload and returns its typed variables", async () => {
    const trigger = setup();
    const fired = await trigger.fire(webhook("issues", opened), {
      subscription,
      parameters: { issues: { label: "bug" } },
    });
    expect(fired.events.map(({ event, reply, error }) => ({ event, reply, error }))).toEqual([
      {
        event: "issues",
        reply: { variables: { action: "opened", title: "Bug", labels: ["bug"] }, cancelled: false },
        error: null,
      },
    ]);
  });

  it("cancels an event its parameters filter out, with parameter defaults applied", async () => {
    const trigger = setup();
    const request = webhook("issues", opened);
    const other = await trigger.invokeEvent({
      event: "issues",
      request,
      subscription,
      payload: opened,
      parameters: { label: "feature" },
    });
    expect(other.reply).toEqual({ variables: {}, cancelled: true });
    const closed = await trigger.invokeEvent({
      event: "issues",
      request: webhook("issues", opened),
      subscription,
      payload: { ...opened, action: "closed" },
    });
    expect(closed.reply).toEqual({ variables: {}, cancelled: true });
  });

  it("passes the decoded request to an event, and fails an event whose variables break its outputs", async () => {
    const trigger = setup();
    const push = await trigger.invokeEvent({
      event: "push",
      request: webhook("push", {}),
      subscription,
      payload: { ref: "main" },
    });
    expect(push.reply).toEqual({ variables: { ref: "main", method: "POST" }, cancelled: false });
    const broken = await trigger.invokeEvent({
      event: "broken",
      request: webhook("broken", {}),
      subscription,
    });
    expect(broken.reply).toBeNull();
    expect(broken.error?.error_type).toBe("TriggerOutputError");
    expect(broken.error?.message).toMatch(
      /^event `broken` returned variables that do not fit its outputs: title: /,
    );
    const missing = await trigger.invokeEvent({ event: "nope", request: webhook("x", {}), subscription });
    expect(missing.error?.message).toBe("Event `nope` not found for provider `hub`");
  });

  it("subscribes, refreshes and unsubscribes through the external API", async () => {
    const api = { calls: [] as string[] };
    const trigger = setup(api);
    const created = await trigger.subscribe({ parameters: { repository: "acme/app" } });
    expect(created.error).toBeNull();
    expect(created.reply).toEqual({
      subscription: {
        expires_at: 1_900_000_000,
        endpoint: "https://dify.example/triggers/webhook/sub-1",
        parameters: { repository: "acme/app", events: ["issues"] },
        properties: { webhook_secret: SECRET, hook_id: 7, repository: "acme/app" },
      },
    });
    const made = created.reply?.subscription ?? subscription;
    const renewed = await trigger.refresh({ subscription: made });
    expect(renewed.reply?.subscription).toEqual({ ...made, expires_at: 2_000_000_000 });
    const removed = await trigger.unsubscribe({ subscription: made });
    expect(removed.reply).toEqual({ subscription: { success: true, message: null } });
    const gone = await trigger.unsubscribe({ subscription: { ...made, properties: { hook_id: 404 } } });
    expect(gone.reply).toEqual({ subscription: { success: false, message: "hook 404 not found" } });
    expect(api.calls).toEqual([
      "create acme/app issues -> https://dify.example/triggers/webhook/sub-1 (good)",
      "renew 7",
      "delete 7",
      "delete 404",
    ]);
  });

  it("validates credentials: { result: true }, or the plugin's message", async () => {
    const trigger = setup();
    expect((await trigger.validateCredentials()).reply).toEqual({ result: true });
    const bad = await trigger.validateCredentials({ credentials: { token: "bad" } });
    expect(bad.reply).toBeNull();
    expect(bad.error).toMatchObject({
      error_type: "TriggerCredentialsError",
      message: "the API token is not valid: create one under Settings > Tokens",
    });
  });

  it("fails a request for another provider with the Python SDK's wording", async () => {
    const trigger = setup();
    const run = await trigger.validateCredentials({ provider: "other" });
    expect(run.error?.message).toBe("Provider `other` not found");
  });

  it("refuses a second trigger provider on one plugin; registering the same one twice is a no-op", () => {
    const provider = fixtureProvider();
    const plugin = new Plugin().register(provider).register(provider);
    expect(plugin.declarations().get("trigger")).toHaveLength(1);
    expect(() => plugin.register(fixtureProvider())).toThrow(/already has the trigger provider hub/);
  });
});
