import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchStdioPlugin, MockDify } from "@x/testing";
import { describe, expect, it } from "vitest";
import { startHarness } from "./harness.js";

const here = (path: string) => new URL(`../${path}`, import.meta.url);

describe("README examples", () => {
  it("are the files under examples/, verbatim", () => {
    const readme = readFileSync(here("README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toEqual([
      readFileSync(here("examples/tool-provider.ts"), "utf8"),
      readFileSync(here("examples/oauth-provider.ts"), "utf8"),
      readFileSync(here("examples/call-a-tool.ts"), "utf8"),
    ]);
  });

  it("tool-provider.ts runs as a stdio plugin and answers invoke_tool with typed parameters", async () => {
    const plugin = await launchStdioPlugin({
      command: process.execPath,
      args: ["--conditions=@x/source", "--import", "tsx", "examples/tool-provider.ts"],
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    try {
      const result = await plugin.invokeTool({
        provider: "weather",
        tool: "forecast",
        userId: "u",
        credentials: { api_key: "secret-key" },
        parameters: { city: "Paris", days: "5" },
      });
      const items = result.items as Array<Record<string, any>>;
      expect(items.map((m) => m.type)).toEqual([
        "log",
        "log",
        "json",
        "text",
        "variable",
        "blob_chunk",
        "blob_chunk",
      ]);
      expect(items[2]!.message.json_object).toEqual({
        city: "Paris",
        days: 5,
        unit: "c",
        sky: "unknown",
        key: true,
      });
      expect(items[3]!.message.text).toBe("Sunny in Paris for 5 days");
    } finally {
      await plugin.close();
    }
  });

  it("call-a-tool.ts streams a called tool's messages back", async () => {
    const { plugin } = await import("../examples/call-a-tool.js");
    const dify = new MockDify();
    dify.onInvoke("tool", [
      { type: "text", message: { text: "12:00" }, meta: null },
      { type: "blob", message: { blob: "AAEC" }, meta: { filename: "b" } },
    ]);
    const harness = startHarness(plugin, { dify });
    const frames = await harness.send(
      "endpoint",
      "invoke_endpoint",
      { credentials: {} },
      { sessionId: "e1" },
    );
    expect(dify.calls.map((call) => call.request)).toEqual([
      expect.objectContaining({ tool_type: "builtin", provider: "langgenius/time/time" }),
    ]);
    expect(frames.filter((f) => f.data.type === "stream").map((f) => f.data.data)).toEqual([
      "12:00",
      { bytes: 3, meta: { filename: "b" } },
    ]);
  });
});
