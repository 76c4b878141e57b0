import { Plugin } from "@x/core";
import { z } from "zod";
import {
  assertWebhookSignature,
  defineTriggerEvent,
  defineTriggerProvider,
  TriggerCredentialsError,
  WebhookRejectedError,
} from "../src/index.js";

/** The signing secret the fixture's subscriptions use. */
export const SECRET = "whsec-test";

/** `issues`: fires on issue webhooks, filtered by the workflow's `label` parameter. */
export const issues = defineTriggerEvent({
  identity: { name: "issues", label: "Issue activity" },
  description: "An issue was opened, edited or closed",
  parameters: {
    label: { type: "string", label: "Only with label", description: "Ignore issues without this label" },
    actions: {
      type: "checkbox",
      multiple: true,
      default: ["opened"],
      options: [{ value: "opened" }, { value: "closed" }],
    },
  },
  outputSchema: z.object({ action: z.string(), title: z.string(), labels: z.array(z.string()) }),
  invoke({ payload, parameters, ignore }) {
    const issue = payload.issue as { title: string; labels: string[] };
    const action = String(payload.action);
    if (!parameters.actions.includes(action as "opened")) return ignore(`action ${action} not selected`);
    if (parameters.label !== undefined && !issue.labels.includes(parameters.label)) return ignore();
    return { action, title: issue.title, labels: issue.labels };
  },
});

/** `push`: declares a plain JSON Schema, returns what it likes (a wrong type is caught only by its zod twin). */
export const push = defineTriggerEvent({
  identity: { name: "push", label: "Push" },
  description: "Commits were pushed",
  outputSchema: { type: "object", properties: { ref: { type: "string" } } },
  invoke: ({ payload, request }) => ({ ref: payload.ref, method: request.method }),
});

/** `broken`: returns a number where its outputs say string. */
export const broken = defineTriggerEvent({
  identity: { name: "broken" },
  description: "Returns the wrong type",
  outputSchema: z.object({ title: z.string() }),
  invoke: () => ({ title: 42 }) as unknown as { title: string },
});

/** A GitHub-style provider over a fake API whose calls are recorded in `api`. */
export function fixtureProvider(api: { calls: string[] } = { calls: [] }) {
  return defineTriggerProvider({
    identity: {
      author: "acme",
      name: "hub",
      label: "Hub",
      description: "Webhooks from Hub",
      icon: "icon.svg",
    },
    subscriptionSchema: {
      webhook_secret: { type: "secret-input", required: true, label: "Webhook secret" },
    },
    credentialsSchema: { token: { type: "secret-input", required: true, label: "API token" } },
    subscribeParameters: {
      repository: { type: "string", required: true, label: "Repository" },
      events: {
        type: "checkbox",
        multiple: true,
        default: ["issues"],
        options: [{ value: "issues" }, { value: "push" }],
      },
    },
    events: [issues, push, broken],
    async dispatch(request, { body, subscription }) {
      assertWebhookSignature({
        secret: subscription.properties.webhook_secret,
        body,
        signature: request.headers.get("x-hub-signature-256"),
        header: "X-Hub-Signature-256",
      });
      const kind = request.headers.get("x-hub-event");
      if (kind === null) throw new WebhookRejectedError(400, "missing X-Hub-Event header");
      const payload = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
      const sender = (payload.sender as { id?: number } | undefined)?.id;
      if (kind === "ping") return { response: new Response("pong", { status: 202 }) };
      const events =
        kind === "issues"
          ? (["issues"] as const)
          : kind === "push"
            ? (["push"] as const)
            : kind === "broken"
              ? (["broken"] as const)
              : [];
      return { events, payload, userId: sender === undefined ? "" : String(sender) };
    },
    async subscribe({ endpoint, parameters, credentials }) {
      api.calls.push(
        `create ${parameters.repository} ${parameters.events.join(",")} -> ${endpoint} (${String(credentials.token)})`,
      );
      return {
        properties: { webhook_secret: SECRET, hook_id: 7, repository: parameters.repository },
        expiresAt: 1_900_000_000,
      };
    },
    unsubscribe({ subscription }) {
      api.calls.push(`delete ${String(subscription.properties.hook_id)}`);
      if (subscription.properties.hook_id === 404) return { success: false, message: "hook 404 not found" };
      return undefined;
    },
    refresh({ subscription }) {
      api.calls.push(`renew ${String(subscription.properties.hook_id)}`);
      return { expiresAt: 2_000_000_000 };
    },
    validateCredentials(credentials) {
      if (credentials.token !== "good")
        throw new TriggerCredentialsError("the API token is not valid: create one under Settings > Tokens");
    },
  });
}

/** A plugin holding the fixture provider. */
export function fixturePlugin(api?: { calls: string[] }): Plugin {
  return new Plugin().register(fixtureProvider(api));
}
