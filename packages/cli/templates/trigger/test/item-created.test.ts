import { createTestHarness, triggerDriver } from "@x/testing";
import { signWebhook } from "@x/trigger";
import { afterAll, describe, expect, it } from "vitest";
import plugin, { EVENT_HEADER, SIGNATURE_HEADER } from "../src/plugin.js";

// Dify's side of a webhook, played by `triggerDriver`: the call is serialised as the raw HTTP request the daemon
// forwards (`dispatch_trigger_event`), then each event it chose runs (`invoke_trigger_event`).

const harness = createTestHarness(plugin);
afterAll(() => harness.close());
const trigger = triggerDriver(harness, { provider: "__PROVIDER__" });

const SECRET = "s3cret";
const subscription = { endpoint: "https://dify.example/triggers/webhook/1", properties: { secret: SECRET } };

function webhook(body: string, options: { secret?: string; type?: string } = {}) {
  return new Request(subscription.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [EVENT_HEADER]: options.type ?? "item.created",
      [SIGNATURE_HEADER]: signWebhook({ secret: options.secret ?? SECRET, body }),
    },
    body,
  });
}

const item = JSON.stringify({ id: "it-1", title: "Quarterly report", author: "ada" });

describe("item_created", () => {
  it("fires for a signed item.created webhook, with the item as the workflow's variables", async () => {
    const run = await trigger.fire(webhook(item), { subscription });
    expect(run.dispatch.response?.status).toBe(200);
    expect(run.events.map((event) => [event.event, event.reply])).toEqual([
      [
        "item_created",
        { variables: { id: "it-1", title: "Quarterly report", author: "ada" }, cancelled: false },
      ],
    ]);
  });

  it("answers 401 and fires nothing when the signature is wrong", async () => {
    const run = await trigger.fire(webhook(item, { secret: "guess" }), { subscription });
    expect(run.dispatch.response?.status).toBe(401);
    expect(run.events).toEqual([]);
    expect(await run.dispatch.response?.text()).not.toContain(SECRET);
  });

  it("acknowledges other event types without firing", async () => {
    const run = await trigger.fire(webhook(item, { type: "item.deleted" }), { subscription });
    expect([run.dispatch.response?.status, run.events]).toEqual([200, []]);
  });

  it("skips the workflow when the title lacks its keyword", async () => {
    const run = await trigger.fire(webhook(item), {
      subscription,
      parameters: { item_created: { keyword: "invoice" } },
    });
    expect(run.events[0]?.reply).toEqual({ variables: {}, cancelled: true });
  });
});
