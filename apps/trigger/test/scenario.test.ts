import {
  createTestHarness,
  launchStdioPlugin,
  MockDify,
  type PluginConnection,
  triggerDriver,
} from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HubApi, startHubApi } from "../demo/hub-api.js";
import { ENDPOINT, REPOSITORY, runScenario, type ScenarioResult } from "../demo/scenario.js";
import { createHubPlugin } from "../src/plugin.js";
import { childEnv, emptyCwd, MAIN_ARGS } from "./child-process.js";

// The demo's story, checked step by step: once with the plugin in process (createTestHarness), once as a real
// child process over stdio, as the daemon's local runtime starts it.

const modes: Array<[string, () => Promise<PluginConnection & { close(): Promise<unknown> }>]> = [
  ["in process", async () => createTestHarness(createHubPlugin(), { dify: new MockDify() })],
  [
    "as a stdio child",
    () => launchStdioPlugin({ command: process.execPath, args: MAIN_ARGS, cwd: emptyCwd(), env: childEnv() }),
  ],
];

describe.each(modes)("hub_webhooks %s", (_mode, start) => {
  let api: HubApi;
  let connection: PluginConnection & { close(): Promise<unknown> };
  let result: ScenarioResult;
  const lines: string[] = [];

  beforeAll(async () => {
    api = await startHubApi({ token: "ghp_demo_token" });
    connection = await start();
    result = await runScenario(triggerDriver(connection, { provider: "hub_webhooks" }), api, (line) =>
      lines.push(line),
    );
  });
  afterAll(async () => {
    await connection?.close();
    await api?.close();
  });

  it("rejects a wrong token with the API's reason and accepts the right one", () => {
    expect(result.badToken.error).toMatchObject({
      error_type: "TriggerCredentialsError",
      message: "the API refused the token (Bad credentials); check it and its scopes",
    });
    expect(result.goodToken.reply).toEqual({ result: true });
  });

  it("subscribes by creating a signed webhook on the host that points at Dify's endpoint", () => {
    expect(result.subscription).toEqual({
      expires_at: -1,
      endpoint: ENDPOINT,
      parameters: { repository: REPOSITORY, events: ["push", "issues"] },
      properties: {
        webhook_secret: expect.stringMatching(/^[0-9a-f]{48}$/),
        hook_id: 1001,
        repository: REPOSITORY,
      },
    });
    expect(api.log.slice(0, 3)).toEqual([
      "GET /user 401",
      "GET /user 200",
      "POST /repos/acme/shop/hooks 201",
    ]);
  });

  it("turns a signed push to main into the workflow's variables", async () => {
    expect(result.push.dispatch.events).toEqual(["push"]);
    expect(result.push.dispatch.reply?.user_id).toBe("583231");
    expect(result.push.dispatch.response?.status).toBe(200);
    expect(result.push.events).toEqual([
      expect.objectContaining({
        event: "push",
        error: null,
        reply: {
          cancelled: false,
          variables: {
            repository: REPOSITORY,
            ref: "refs/heads/main",
            branch: "main",
            pusher: "octocat",
            commits: 2,
            head_message: "Bump version",
            compare_url: "https://hub.example/acme/shop/compare/a1b2...c3d4",
          },
        },
      }),
    ]);
  });

  it("cancels the events the workflow's parameters filter out", () => {
    expect(result.pushOtherBranch.events[0]?.reply).toEqual({ variables: {}, cancelled: true });
    expect(result.issueClosed.events[0]?.reply).toEqual({ variables: {}, cancelled: true });
    expect(result.issueOpened.events[0]?.reply?.variables).toMatchObject({
      action: "opened",
      title: "Settings page crashes",
      author: "mona",
      labels: ["bug"],
    });
  });

  it("answers a tampered delivery 401 with a clear message and fires nothing", async () => {
    expect(result.tampered.events).toEqual([]);
    expect(result.tampered.response?.status).toBe(401);
    const text = await result.tampered.response?.clone().text();
    expect(text).toMatch(/^webhook signature mismatch: X-Hub-Signature-256 does not match/);
    expect(text).not.toContain(String(result.subscription.properties?.webhook_secret));
    expect(lines.join("\n")).not.toContain(String(result.subscription.properties?.webhook_secret));
  });

  it("answers the host's ping without firing an event", async () => {
    expect(result.ping.events).toEqual([]);
    expect(await result.ping.response?.clone().json()).toEqual({ pong: true });
  });

  it("unsubscribes by deleting the webhook on the host", () => {
    expect(result.unsubscribed.reply).toEqual({
      subscription: { success: true, message: "webhook 1001 deleted" },
    });
    expect(api.hooks.size).toBe(0);
    expect(api.log.at(-1)).toBe("DELETE /repos/acme/shop/hooks/1001 204");
  });
});

describe("hub_webhooks manual subscriptions", () => {
  it("accepts unsigned deliveries when the user set no secret, and refuses a body that is not JSON", async () => {
    const harness = createTestHarness(createHubPlugin(), { dify: new MockDify() });
    const trigger = triggerDriver(harness, { provider: "hub_webhooks" });
    const subscription = { endpoint: ENDPOINT, properties: {} };
    const post = (body: string) =>
      new Request(ENDPOINT, { method: "POST", headers: { "x-github-event": "push" }, body });
    const ok = await trigger.dispatch(post(JSON.stringify({ ref: "refs/heads/main" })), { subscription });
    expect(ok.events).toEqual(["push"]);
    const bad = await trigger.dispatch(post("payload=%7B%7D"), { subscription });
    expect([bad.events, bad.response?.status]).toEqual([[], 400]);
    expect(await bad.response?.text()).toMatch(/^the body is not JSON/);
    const gone = await trigger.unsubscribe({ subscription, credentials: { token: "t" } });
    expect(gone.reply?.subscription.success).toBe(true);
    await harness.close();
  });
});
