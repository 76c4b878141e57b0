import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { MockDify } from "@x/testing";
import { describe, expect, it } from "vitest";
import { startHarness } from "./harness.js";

const here = (path: string) => new URL(`../${path}`, import.meta.url);

describe("README examples", () => {
  it("are the files under examples/, verbatim", () => {
    const readme = readFileSync(here("README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toEqual([
      readFileSync(here("examples/tool-provider.ts"), "utf8"),
      readFileSync(here("examples/call-a-tool.ts"), "utf8"),
    ]);
  });

  it("tool-provider.ts runs as a stdio plugin and answers invoke_tool with typed parameters", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=@x/source", "--import", "tsx", "examples/tool-provider.ts"],
      { cwd: new URL("..", import.meta.url), stdio: ["pipe", "pipe", "pipe"] },
    );
    try {
      const frames: Array<{ event: string; data: { type: string; data: Record<string, any> } }> = [];
      const ended = new Promise<void>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`plugin exited early with ${code}`)));
        createInterface({ input: child.stdout }).on("line", (line) => {
          if (line.trim() === "") return;
          const frame = JSON.parse(line);
          if (frame.event !== "session") return;
          frames.push(frame);
          if (frame.data.type === "end") resolve();
        });
      });
      child.stdin.write(
        `${JSON.stringify({
          session_id: "readme-1",
          conversation_id: null,
          message_id: null,
          app_id: null,
          endpoint_id: null,
          context: null,
          event: "request",
          data: {
            type: "tool",
            action: "invoke_tool",
            user_id: "u",
            provider: "weather",
            tool: "forecast",
            credentials: { api_key: "secret-key" },
            tool_parameters: { city: "Paris", days: "5" },
          },
        })}\n`,
      );
      await ended;
      const items = frames.filter((f) => f.data.type === "stream").map((f) => f.data.data);
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
      child.kill();
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
    const frames = await harness.request({
      session_id: "e1",
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: null,
      context: null,
      event: "request",
      data: { type: "endpoint", action: "invoke_endpoint", user_id: "", credentials: {} },
    });
    expect(dify.calls.map((call) => call.request)).toEqual([
      expect.objectContaining({ tool_type: "builtin", provider: "langgenius/time/time" }),
    ]);
    expect(frames.filter((f) => f.data.type === "stream").map((f) => f.data.data)).toEqual([
      "12:00",
      { bytes: 3, meta: { filename: "b" } },
    ]);
  });
});
