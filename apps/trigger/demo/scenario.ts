import type { DispatchRun, FireRun, SubscriptionInput, TriggerDriver, TriggerRun } from "@x/testing";
import { type HubApi, issuePayload, pushPayload } from "./hub-api.js";

// The life of one subscription, as Dify drives it: check the token, create the webhook, receive deliveries
// (each dispatched, then its events invoked), refuse a tampered one, delete the webhook. Used by `pnpm demo`
// (the plugin as a child over stdio) and by the tests (in process and over stdio).

/** Where the story goes: a line printer (the demo prints, tests collect or ignore). */
export type Write = (line: string) => void;

/** What happened at each step, for tests to check. */
export interface ScenarioResult {
  readonly badToken: TriggerRun<unknown>;
  readonly goodToken: TriggerRun<unknown>;
  readonly subscription: SubscriptionInput;
  readonly push: FireRun;
  readonly pushOtherBranch: FireRun;
  readonly issueOpened: FireRun;
  readonly issueClosed: FireRun;
  readonly tampered: DispatchRun;
  readonly ping: DispatchRun;
  readonly unsubscribed: TriggerRun<unknown>;
}

/** The repository the scenario subscribes to. */
export const REPOSITORY = "acme/shop";

/** The webhook URL "Dify" allocates for the subscription. */
export const ENDPOINT = "https://dify.example/triggers/plugin/4f1c2b9e";

/** Workflow parameters per event: only pushes to main; opened issues labelled `bug`. */
export const WORKFLOW_PARAMETERS = {
  push: { branch: "main" },
  issues: { actions: ["opened"], label: "bug" },
};

function describeRun(run: TriggerRun<unknown>): string {
  return run.error ? `error ${run.error.error_type}: ${run.error.message}` : JSON.stringify(run.reply);
}

async function printFire(fired: FireRun, write: Write): Promise<void> {
  const { dispatch } = fired;
  write(
    `  dispatch_trigger_event → events ${JSON.stringify(dispatch.events)}, user ${JSON.stringify(dispatch.reply?.user_id)}`,
  );
  write(
    `    HTTP answer to the host: ${dispatch.response?.status} ${await dispatch.response?.clone().text()}`,
  );
  for (const event of fired.events) {
    const outcome = event.error
      ? `error ${event.error.error_type}: ${event.error.message}`
      : event.reply?.cancelled
        ? "cancelled (the workflow's parameters filter it out)"
        : `variables ${JSON.stringify(event.reply?.variables)}`;
    write(`  invoke_trigger_event ${event.event} → ${outcome}`);
  }
}

/** Runs the whole story against `trigger` (provider `hub_webhooks`) and the fake host `api`. */
export async function runScenario(
  trigger: TriggerDriver,
  api: HubApi,
  write: Write = () => {},
): Promise<ScenarioResult> {
  const credentials = { token: "ghp_demo_token", api_base: api.url };

  write("1. A user saves their access token: validate_trigger_credentials");
  const badToken = await trigger.validateCredentials({ credentials: { ...credentials, token: "wrong" } });
  write(`  wrong token → ${describeRun(badToken)}`);
  const goodToken = await trigger.validateCredentials({ credentials });
  write(`  right token → ${describeRun(goodToken)}`);

  write("");
  write(`2. Dify creates the webhook on ${REPOSITORY}: subscribe_trigger`);
  const subscribed = await trigger.subscribe({
    endpoint: ENDPOINT,
    parameters: { repository: REPOSITORY, events: ["push", "issues"] },
    credentials,
  });
  if (!subscribed.reply) throw new Error(`subscribe failed: ${describeRun(subscribed)}`);
  const subscription = subscribed.reply.subscription;
  const hook = [...api.hooks.values()].at(-1);
  if (!hook) throw new Error("the API has no webhook after subscribe");
  write(
    `  the host now has webhook ${hook.id} → ${hook.url} for ${JSON.stringify(hook.events)}, signed with a secret`,
  );
  write(
    `  subscription stored by Dify: expires_at ${subscription.expires_at}, properties ${JSON.stringify({
      ...subscription.properties,
      webhook_secret: "[redacted]",
    })}`,
  );

  const deliver = async (title: string, event: string, payload: object) => {
    write("");
    write(title);
    const fired = await trigger.fire(api.delivery(hook, event, payload), {
      subscription,
      credentials,
      parameters: WORKFLOW_PARAMETERS,
    });
    await printFire(fired, write);
    return fired;
  };
  const push = await deliver(
    "3. The host delivers a push to main",
    "push",
    pushPayload(REPOSITORY, "main", ["Fix checkout rounding", "Bump version"]),
  );
  const pushOtherBranch = await deliver(
    "4. A push to a feature branch",
    "push",
    pushPayload(REPOSITORY, "feature/x", ["WIP"]),
  );
  const issueOpened = await deliver(
    "5. An issue labelled bug is opened",
    "issues",
    issuePayload(REPOSITORY, "opened", "Settings page crashes", ["bug"]),
  );
  const issueClosed = await deliver(
    "6. An issue is closed",
    "issues",
    issuePayload(REPOSITORY, "closed", "Typo in footer", ["bug"]),
  );

  write("");
  write("7. A delivery whose body was changed after signing");
  const tampered = await trigger.dispatch(
    api.delivery(hook, "issues", issuePayload(REPOSITORY, "opened", "Original"), { tamper: true }),
    {
      subscription,
      credentials,
    },
  );
  write(`  dispatch_trigger_event → events ${JSON.stringify(tampered.events)}`);
  write(
    `    HTTP answer to the host: ${tampered.response?.status} ${await tampered.response?.clone().text()}`,
  );

  write("");
  write("8. The host pings the new webhook");
  const ping = await trigger.dispatch(api.delivery(hook, "ping", { zen: "Keep it logically awesome." }), {
    subscription,
    credentials,
  });
  write(
    `  dispatch_trigger_event → events ${JSON.stringify(ping.events)}; answer ${ping.response?.status} ${await ping.response?.clone().text()}`,
  );

  write("");
  write("9. The user deletes the trigger: unsubscribe_trigger");
  const unsubscribed = await trigger.unsubscribe({ subscription, credentials });
  write(`  → ${describeRun(unsubscribed)}; webhooks left on the host: ${api.hooks.size}`);
  write("");
  write(`The host API saw: ${api.log.join(", ")}`);

  return {
    badToken,
    goodToken,
    subscription,
    push,
    pushOtherBranch,
    issueOpened,
    issueClosed,
    tampered,
    ping,
    unsubscribed,
  };
}
