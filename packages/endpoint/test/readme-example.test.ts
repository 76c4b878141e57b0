import { appExtension } from "@x/app";
import { Plugin } from "@x/core";
import { defineEndpoint, defineEndpointGroup, defineEndpointSettings } from "@x/endpoint";
import { createTestHarness, MockDify, useAppDefaults } from "@x/testing";
import { expect, it } from "vitest";

// The form a user fills in when creating the endpoint in Dify; it types `settings` below.
const settings = defineEndpointSettings({
  secret: { type: "secret-input", required: true, label: "Shared secret" },
  app: { type: "app-selector", scope: "chat", required: true, label: "App that answers" },
});

// POST /chat {"text": "..."}: checks the caller's secret, asks the chat app, answers its reply as JSON.
const chat = defineEndpoint({
  settings,
  uses: [appExtension], // `session.app`, typed and installed
  path: "/chat",
  method: "POST",
  async invoke(request, { session, settings }) {
    if (request.headers.get("x-secret") !== settings.secret)
      return new Response("forbidden", { status: 403 });
    const { text } = (await request.json()) as { text: string };
    const reply = await session.app.chat.invoke({
      app_id: settings.app.app_id,
      query: text,
      inputs: {},
      response_mode: "blocking",
    });
    return Response.json({ answer: reply.answer });
  },
});

export const plugin = new Plugin().register(defineEndpointGroup({ settings, endpoints: [chat] }));

it("answers a webhook with the chat app's reply", async () => {
  const harness = createTestHarness(plugin, { dify: useAppDefaults(new MockDify()) });
  const response = await harness.fetch(
    new Request("https://dify.example/chat", {
      method: "POST",
      headers: { "x-secret": "s3cret" },
      body: JSON.stringify({ text: "Hello!" }),
    }),
    { settings: { secret: "s3cret", app: { app_id: "my-chat-app" } } },
  );
  expect([response.status, await response.json()]).toEqual([200, { answer: "なんで春日影やったの" }]);
  await harness.close();
});
