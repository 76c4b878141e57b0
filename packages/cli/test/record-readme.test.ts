import { Plugin } from "@x/core";
import { createTestHarness, MockDify } from "@x/testing";
import { defineTool, defineToolProvider, messages, toolExtension } from "@x/tool";
import { expect, it } from "vitest";

// The scaffold's relay tool, which `x-plugin dev --record` ran against a daemon: now tested without Dify.
const relay = defineTool({
  uses: [toolExtension],
  identity: { name: "relay" },
  description: { human: "Relays a question to the echo tool.", llm: "Relays a question to another tool." },
  parameters: {
    question: { type: "string", required: true, label: "Question", description: "What to ask." },
  },
  async invoke({ question }, { session }) {
    const result = session.tool.invokeBuiltinTool("acme/echo/echo", "echo", { text: question });
    let text = "";
    for await (const message of result) if (message.type === "text") text += message.message.text;
    return messages.text(`echo says: ${text}`);
  },
});
const identity = { author: "acme", name: "rec-tools", label: "Rec", description: "Relay", icon: "icon.svg" };
const plugin = new Plugin().register(defineToolProvider({ identity, tools: [relay] }));

it("relays what Dify answered when the cassette was recorded", async () => {
  const dify = MockDify.fromCassette(new URL("./fixtures/cassettes/relay.jsonl", import.meta.url));
  const harness = createTestHarness(plugin, { dify });
  const parameters = { question: "ping with a key of this test" }; // masked when recorded: matches any key
  const result = await harness.invokeTool({ provider: "rec-tools", tool: "relay", parameters });
  expect(result.text).toBe("echo says: pong (ping with [redacted])");
  await harness.close(); // throws CassetteUnusedError when a recorded call was never made
});
