import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Plugin } from "@x/core";
import { CassetteRecorder, createTestHarness, MockDify, toolMessages } from "@x/testing";
import { expect, it } from "vitest";

type Hit = { message: { text: string } };
// The tool under test asks another tool (a reverse call) and relays the top hit.
const plugin = new Plugin().on("tool", "invoke_tool", async (session, data) => {
  const { query } = (data as unknown as { tool_parameters: { query: string } }).tool_parameters;
  const search = { tool_type: "builtin", provider: "google", tool: "search", tool_parameters: { query } };
  const [hit] = await session.invoke<Hit>("tool", search).toArray();
  return { type: "text", message: { text: `top hit: ${hit?.message.text}` }, meta: null };
});
const cassette = join(mkdtempSync(join(tmpdir(), "cassettes-")), "search.jsonl");
const digest = (query: string) => ({ provider: "news", tool: "digest", parameters: { query } });

it("records a cassette from a MockDify-driven run (x-plugin dev --record writes one from your Dify)", async () => {
  const dify = new MockDify();
  dify.tool("builtin", "google", "search", [toolMessages.text("Rain in Paris")]);
  const recorder = new CassetteRecorder();
  const harness = createTestHarness(plugin, { dify, record: recorder });
  await harness.invokeTool(digest("paris"));
  await harness.close();
  recorder.save(cassette);
});

it("replays it: the recorded answer, and a changed request fails with a diff", async () => {
  const harness = createTestHarness(plugin, { dify: MockDify.fromCassette(cassette, { match: "exact" }) });
  expect((await harness.invokeTool(digest("paris"))).text).toBe("top hit: Rain in Paris");
  await expect(harness.invokeTool(digest("rome"))).rejects.toThrow(
    'request.tool_parameters.query: recorded "paris", got "rome"',
  );
  await harness.close(); // throws CassetteUnusedError when a recorded call was never made
});
