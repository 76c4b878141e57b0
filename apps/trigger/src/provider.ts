import { randomBytes } from "node:crypto";
import { assertWebhookSignature, defineTriggerProvider, WebhookRejectedError } from "@x/trigger";
import { issuesEvent } from "./events/issues.js";
import { pushEvent } from "./events/push.js";
import { checkToken, createHook, deleteHook, hubCredentials } from "./hub-client.js";
import { ICON_FILE } from "./manifest.js";

/** The webhook event names of the code host that map to this provider's events. */
const EVENTS = { push: "push", issues: "issues" } as const;

/**
 * `hub_webhooks`: Dify creates a repository webhook through the host's API (`subscribe`), every delivery is
 * checked against its HMAC-SHA256 signature and mapped to `push` or `issues` (`dispatch`), and the webhook is
 * deleted with the subscription (`unsubscribe`). A user may also add the webhook by hand and paste its secret
 * into the subscription form.
 */
export const hubProvider = defineTriggerProvider({
  identity: {
    author: "xsdk",
    name: "hub_webhooks",
    label: "Hub webhooks",
    description: "Push and issue webhooks of a GitHub-style code host, verified with their signing secret.",
    icon: ICON_FILE,
  },
  subscriptionSchema: {
    webhook_secret: {
      type: "secret-input",
      label: "Webhook secret",
      help: "The secret the webhook signs its deliveries with (X-Hub-Signature-256). Dify generates one when it creates the webhook.",
    },
  },
  credentialsSchema: {
    token: {
      type: "secret-input",
      required: true,
      label: "Access token",
      help: "Needs the admin:repo_hook scope",
    },
    api_base: { type: "text-input", label: "API base URL", default: "https://api.github.com" },
  },
  subscribeParameters: {
    repository: { type: "string", required: true, label: "Repository", description: "owner/name" },
    events: {
      type: "checkbox",
      label: "Events",
      multiple: true,
      default: ["push", "issues"],
      options: [{ value: "push" }, { value: "issues" }],
    },
  },
  events: [pushEvent, issuesEvent],

  async dispatch(request, { body, subscription }) {
    const secret = subscription.properties.webhook_secret;
    // A webhook added by hand without a secret is not signed; one with a secret must be.
    if (secret) {
      assertWebhookSignature({
        secret,
        body,
        signature: request.headers.get("x-hub-signature-256"),
        header: "X-Hub-Signature-256",
      });
    }
    const kind = request.headers.get("x-github-event");
    if (!kind)
      throw new WebhookRejectedError(400, "missing X-GitHub-Event header: is this a webhook delivery?");
    if (kind === "ping") return { response: Response.json({ pong: true }) };
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
    } catch {
      throw new WebhookRejectedError(
        400,
        "the body is not JSON: set the webhook's content type to application/json",
      );
    }
    const sender = (payload.sender as { id?: unknown } | undefined)?.id;
    const event = kind === EVENTS.push ? "push" : kind === EVENTS.issues ? "issues" : undefined;
    return {
      events: event ? [event] : [],
      payload,
      userId: sender === undefined ? "" : String(sender),
      response: Response.json({ ok: true, fired: event ? [event] : [] }),
    };
  },

  async subscribe({ endpoint, parameters, credentials, signal }) {
    const hub = hubCredentials(credentials);
    const secret = randomBytes(24).toString("hex");
    const hook = await createHook(hub, {
      repository: parameters.repository,
      url: endpoint,
      secret,
      events: parameters.events,
      signal,
    });
    // The host's webhooks do not expire: Dify never needs to call refresh.
    return { properties: { webhook_secret: secret, hook_id: hook.id, repository: parameters.repository } };
  },

  async unsubscribe({ subscription, credentials, signal }) {
    const { hook_id: id, repository } = subscription.properties;
    if (typeof id !== "number" || typeof repository !== "string") {
      return { success: true, message: "no webhook was created for this subscription" };
    }
    const { deleted, message } = await deleteHook(hubCredentials(credentials), { repository, id, signal });
    return { success: deleted, message };
  },

  async validateCredentials(credentials, { signal }) {
    await checkToken(hubCredentials(credentials), signal);
  },
});
