// The README's example, run as a test against @x/testing's default answers.

import { appExtension } from "@x/app";
import { Plugin } from "@x/core";
import { createTestHarness, MockDify, useAppDefaults } from "@x/testing";
import { expect, it } from "vitest";

const plugin = new Plugin().use(appExtension).on("tool", "invoke_tool", async function* (session) {
  // Stream a chat app's events as they come...
  const stream = session.app.chat.invoke(
    { app_id: "my-chat-app", query: "Hello!", inputs: {} },
    { timeout: 120_000 },
  );
  for await (const event of stream) {
    if (event.event === "agent_message" || event.event === "message") {
      yield { type: "text", message: { text: event.answer }, meta: null };
    }
  }
  // ...or wait for one blocking answer.
  const reply = await session.app.chat.invoke({
    app_id: "my-chat-app",
    query: "And again?",
    response_mode: "blocking",
  });
  yield { type: "json", message: { json_object: { conversation: reply.conversation_id } }, meta: null };
});

it("runs the README example", async () => {
  const harness = createTestHarness(plugin, { dify: useAppDefaults(new MockDify()) });
  const result = await harness.invokeTool({ provider: "demo", tool: "ask" });
  await harness.close();
  expect(result.error).toBeNull();
  expect(result.text).toBe("なんで春日影やったの");
  expect(result.calls.map((call) => (call.type === "app" ? call.request.response_mode : call.type))).toEqual([
    "streaming",
    "blocking",
  ]);
});
