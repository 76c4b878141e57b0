import { Plugin } from "@x/core";
import { assertWebhookSignature, defineTriggerProvider, WebhookRejectedError } from "@x/trigger";
import { itemCreated } from "./events/item-created.js";
import { manifest } from "./manifest.js";

/** The header carrying the service's HMAC-SHA256 of the body, `sha256=<hex>`. */
export const SIGNATURE_HEADER = "x-signature-256";
/** The header naming the event (`item.created`). */
export const EVENT_HEADER = "x-event-type";

/**
 * The trigger provider: its identity, subscription form and events become the `trigger_declaration` Dify shows.
 * A user creates a subscription in Dify, pastes the service's signing secret, and registers the webhook URL Dify
 * shows with the service. Every call is verified before it fires anything.
 */
export const provider = defineTriggerProvider({
  identity: {
    author: manifest.author,
    name: "__PROVIDER__",
    label: "__TITLE__",
    description: "__TITLE__ webhooks.",
    icon: "icon.svg",
  },
  subscriptionSchema: {
    secret: {
      type: "secret-input",
      required: true,
      label: "Signing secret",
      help: "The secret the service signs its webhooks with",
    },
  },
  events: [itemCreated],
  dispatch(request, { body, subscription }) {
    // Over the exact bytes, before parsing: a missing or wrong signature answers 401 and fires nothing.
    assertWebhookSignature({
      secret: subscription.properties.secret,
      body,
      signature: request.headers.get(SIGNATURE_HEADER),
      header: SIGNATURE_HEADER,
    });
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw new WebhookRejectedError(400, "the body is not JSON");
    }
    if (!isObject(payload)) throw new WebhookRejectedError(400, "the body is not a JSON object");
    const type = request.headers.get(EVENT_HEADER);
    // Other event types are acknowledged (200) so the service does not retry them, but fire nothing.
    return { events: type === "item.created" ? ["item_created"] : [], payload };
  },
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The plugin. x-plugin runs it (`dev`) or bundles it (`package`); this module must only export. */
const plugin = new Plugin({ manifest }).register(provider);

export { manifest };
export default plugin;
