import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { launchStdioPlugin, MockDify, PluginLaunchError, toolMessages } from "../src/index.js";

const fixture = fileURLToPath(new URL("./fixtures/stdio-plugin.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const command = { command: tsx, args: ["--conditions=@x/source", fixture] };

// Real child processes through tsx: room for a busy machine.
describe("launchStdioPlugin", { timeout: 120_000 }, () => {
  it("spawns a real plugin with INSTALL_METHOD=local, waits for its heartbeat and answers its reverse calls", async () => {
    const dify = new MockDify();
    const search = dify.tool("builtin", "google", "search", [
      toolMessages.text("headline 1"),
      toolMessages.text(" / headline 2"),
    ]);
    dify.questionClassifier();
    const frames: string[] = [];
    const plugin = await launchStdioPlugin({
      ...command,
      dify,
      observe: (direction, frame) => frames.push(`${direction}:${(frame as { event?: string }).event}`),
    });
    expect(plugin.daemon.heartbeats).toBeGreaterThan(0);

    const result = await plugin.invokeTool({
      provider: "news",
      tool: "digest",
      parameters: { query: "elections" },
    });
    expect(result.error).toBeNull();
    expect(result.text).toBe("news: headline 1 / headline 2");
    expect(result.messages.at(-1)).toMatchObject({
      type: "variable",
      message: { variable_name: "install", variable_value: "local" },
    });
    expect(search.calls[0]?.request).toEqual({
      tool_type: "builtin",
      provider: "google",
      tool: "search",
      tool_parameters: { query: "elections" },
    });
    expect(result.calls.map((call) => call.type)).toEqual(["tool", "node_question_classifier"]);
    expect(frames).toContain("out:request");
    expect(frames).toContain("in:session");
    expect(frames.filter((f) => f === "out:backwards_response").length).toBeGreaterThanOrEqual(4);

    // Closing stdin is the daemon's goodbye: the plugin exits on EOF.
    expect(await plugin.close()).toBe(0);
  });

  it("rejects with PluginLaunchError carrying stderr when the plugin exits before its first heartbeat", async () => {
    const launch = launchStdioPlugin({ ...command, env: { FIXTURE_MODE: "crash" } });
    await expect(launch).rejects.toSatisfy(PluginLaunchError.isInstance);
    await expect(launch).rejects.toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining("missing API key"),
    });
  });

  it("kills a plugin that sends no heartbeat within the ready timeout", async () => {
    const launch = launchStdioPlugin({ ...command, env: { FIXTURE_MODE: "silent" }, readyTimeout: 1_500 });
    await expect(launch).rejects.toThrow("failed to start plugin as no heartbeat received");
  });
});
