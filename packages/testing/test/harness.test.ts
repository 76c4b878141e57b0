import { Plugin } from "@x/core";
import { describe, expect, it } from "vitest";
import { createTestHarness, DaemonRequestTimeoutError } from "../src/index.js";
import { blobChunks, pluginWithTool, text } from "./helpers.js";

describe("createTestHarness", () => {
  it("reassembles the blob chunks a tool emits into one blob with its bytes", async () => {
    const bytes = new Uint8Array(30_000).map((_, i) => (i * 7) % 256);
    const harness = createTestHarness(
      pluginWithTool(function* () {
        yield text("before");
        yield* blobChunks(bytes, { mime_type: "image/png" });
        yield text("after");
      }),
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    expect(result.messages.map((m) => m.type)).toEqual(["text", "blob", "text"]);
    const blob = result.messages[1];
    if (blob?.type !== "blob") throw new Error("expected a blob");
    expect(blob.message.blob).toEqual(bytes);
    expect(blob.meta).toEqual({ mime_type: "image/png" });
    expect(result.items).toHaveLength(2 + 5);
    expect(result.text).toBe("beforeafter");
    await harness.close();
  });

  it("returns the tool's error with its type and message", async () => {
    const harness = createTestHarness(
      pluginWithTool(() => {
        throw new RangeError("bad city");
      }),
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    expect(result.error).toMatchObject({ error_type: "RangeError", message: "bad city" });
    expect(result.messages).toEqual([]);
    await harness.close();
  });

  it("passes parameters, credentials, user and session context the way the daemon sends them", async () => {
    let seen: unknown;
    const harness = createTestHarness(
      pluginWithTool((session) => {
        seen = {
          data: session.data,
          userId: session.userId,
          context: session.context,
          appId: session.appId,
          conversationId: session.conversationId,
        };
      }),
    );
    await harness.invokeTool({
      provider: "weather",
      tool: "forecast",
      parameters: { city: "Paris" },
      credentials: { api_key: "k" },
      credentialType: "api-key",
      userId: "user-9",
      appId: "app-1",
      conversationId: "conv-1",
      context: { credentials: { tool_credentials: { weather: "cred-1" } } },
    });
    expect(seen).toEqual({
      data: {
        action: "invoke_tool",
        credential_type: "api-key",
        credentials: { api_key: "k" },
        provider: "weather",
        tool: "forecast",
        tool_parameters: { city: "Paris" },
        type: "tool",
        user_id: "user-9",
      },
      userId: "user-9",
      context: { credentials: { tool_credentials: { weather: "cred-1" } } },
      appId: "app-1",
      conversationId: "conv-1",
    });
    await harness.close();
  });

  it("sends request data with keys sorted like Go's encoding/json, at every depth", async () => {
    const sent: unknown[] = [];
    const harness = createTestHarness(
      pluginWithTool(() => undefined),
      { observe: (direction, frame) => direction === "out" && sent.push(frame) },
    );
    await harness.invokeTool({ provider: "p", tool: "t", parameters: { zeta: 1, alpha: { y: 2, b: 3 } } });
    const data = (sent[0] as { data: Record<string, unknown> }).data;
    expect(Object.keys(data)).toEqual([
      "action",
      "credentials",
      "provider",
      "tool",
      "tool_parameters",
      "type",
      "user_id",
    ]);
    expect(JSON.stringify(data.tool_parameters)).toBe('{"alpha":{"b":3,"y":2},"zeta":1}');
    await harness.close();
  });

  it("sends any request with request(type, action, data) and answers a missing route with an error", async () => {
    const plugin = new Plugin().on("endpoint", "invoke_endpoint", () => ({ status: 200, headers: {} }));
    const harness = createTestHarness(plugin);
    const ok = await harness.request("endpoint", "invoke_endpoint", { raw_http_request: "00" });
    expect(ok.items).toEqual([{ status: 200, headers: {} }]);
    expect(ok.closedBy).toBe("end");
    const missing = await harness.request("model", "invoke_llm", {});
    expect(missing.error?.error_type).toBe("HandlerNotFoundError");
    await harness.close();
  });

  it("fails a request that never ends with DaemonRequestTimeoutError", async () => {
    const harness = createTestHarness(
      pluginWithTool(() => new Promise(() => {})),
      { requestTimeout: 30 },
    );
    await expect(harness.invokeTool({ provider: "p", tool: "t" })).rejects.toSatisfy(
      DaemonRequestTimeoutError.isInstance,
    );
    await harness.close();
  });

  it("collects the plugin's log frames and flags nothing for a well-behaved plugin", async () => {
    const harness = createTestHarness(
      pluginWithTool((session) => {
        session.logger.info("working");
        return text("done");
      }),
    );
    await harness.invokeTool({ provider: "p", tool: "t" });
    await expect.poll(() => harness.daemon.logs.length).toBeGreaterThan(0);
    expect(harness.daemon.logs[0]).toMatchObject({ level: "info", message: "working" });
    expect(harness.daemon.problems).toEqual([]);
    await harness.close();
  });
});
