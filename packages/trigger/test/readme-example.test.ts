import { Plugin } from "@x/core";
import { createTestHarness, triggerDriver } from "@x/testing";
import { assertWebhookSignature, defineTriggerEvent, defineTriggerProvider, signWebhook } from "@x/trigger";
import { expect, it } from "vitest";
import { z } from "zod";

// One event: a new order. Its outputs become the workflow's variables; `minTotal` is set on the trigger node.
const orderCreated = defineTriggerEvent({
  identity: { name: "order_created", label: "Order created" },
  description: "A customer placed an order",
  parameters: { minTotal: { type: "number", label: "Minimum total", default: 0 } },
  outputSchema: z.object({ id: z.string(), total: z.number() }),
  invoke({ payload, parameters, ignore }) {
    const order = payload as { id: string; total: number };
    if (order.total < parameters.minTotal) return ignore("below the workflow's minimum");
    return { id: order.id, total: order.total };
  },
});

// The provider: users paste the shop's signing secret; every webhook call is verified before it fires anything.
const shop = defineTriggerProvider({
  identity: { author: "acme", name: "shop", label: "Shop", description: "Shop webhooks", icon: "icon.svg" },
  subscriptionSchema: { secret: { type: "secret-input", required: true, label: "Signing secret" } },
  events: [orderCreated],
  dispatch(request, { body, subscription }) {
    const signature = request.headers.get("x-shop-signature"); // a bad one answers 401, fires nothing
    assertWebhookSignature({ secret: subscription.properties.secret, body, signature });
    const payload = JSON.parse(new TextDecoder().decode(body));
    return {
      events: request.headers.get("x-shop-topic") === "orders/create" ? ["order_created"] : [],
      payload,
    };
  },
});

it("fires order_created for a signed webhook and refuses a forged one", async () => {
  const trigger = triggerDriver(createTestHarness(new Plugin().register(shop)), { provider: "shop" });
  const subscription = { endpoint: "https://dify.example/hook", properties: { secret: "s3cret" } };
  const body = JSON.stringify({ id: "o-1", total: 120 });
  const webhook = (signature: string) =>
    new Request("https://dify.example/hook", {
      method: "POST",
      headers: { "x-shop-topic": "orders/create", "x-shop-signature": signature },
      body,
    });
  const fired = await trigger.fire(webhook(signWebhook({ secret: "s3cret", body })), { subscription });
  expect(fired.events[0]?.reply).toEqual({ variables: { id: "o-1", total: 120 }, cancelled: false });
  const forged = await trigger.fire(webhook(signWebhook({ secret: "guess", body })), { subscription });
  expect([forged.dispatch.response?.status, forged.events]).toEqual([401, []]);
});
