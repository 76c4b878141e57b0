import { AbortedError, ConnectionClosedError, InvocationError, InvocationTimeoutError } from "@x/core";
import { describe, expect, it } from "vitest";
import { createTestHarness, fault, MockDify, perCall, toolMessages } from "../src/index.js";
import { pluginWithTool, text } from "./helpers.js";

const CALL = { tool_type: "builtin", provider: "slow", tool: "op", tool_parameters: {} };

/** Runs the reverse call and reports how it ended, as text. */
function probe() {
  return pluginWithTool(async (session) => {
    try {
      const items = await session.invoke<{ message: { text: string } }>("tool", CALL).toArray();
      return text(`ok:${items.map((item) => item.message.text).join(",")}`);
    } catch (error) {
      if (InvocationTimeoutError.isInstance(error)) return text(`timeout:${error.timer}`);
      if (ConnectionClosedError.isInstance(error)) return text("DIFY_ERR_CONNECTION_CLOSED");
      if (InvocationError.isInstance(error)) return text(`error:${error.daemonMessage}`);
      return text(`other:${(error as Error).name}`);
    }
  });
}

describe("faults through the real engine", () => {
  it("answers fault.error with an error event the plugin sees as InvocationError", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", fault.error("invoke tool failed: quota exceeded"));
    const harness = createTestHarness(probe(), { dify });
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe(
      "error:invoke tool failed: quota exceeded",
    );
    await harness.close();
  });

  it("fails mid-stream when an async generator yields a fault after some messages", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", async function* () {
      yield toolMessages.text("partial");
      yield fault.error("stream broke");
      yield toolMessages.text("never sent");
    });
    const harness = createTestHarness(probe(), { dify });
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe("error:stream broke");
    await harness.close();
  });

  it("delays an answer and then delivers it", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", fault.delay(20, [toolMessages.text("late")]));
    const harness = createTestHarness(probe(), { dify });
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe("ok:late");
    await harness.close();
  });

  it("hangs forever so the plugin's idle timeout fires", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", fault.hang());
    const harness = createTestHarness(probe(), { dify, invocation: { idleTimeout: 30 } });
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe("timeout:idle");
    await harness.close();
  });

  it("hangs after a first message so the plugin's total timeout fires", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", async function* () {
      yield toolMessages.text("first");
      yield fault.hang();
    });
    const harness = createTestHarness(probe(), { dify, invocation: { timeout: 40 } });
    expect((await harness.invokeTool({ provider: "p", tool: "t" })).text).toBe("timeout:total");
    await harness.close();
  });

  it("drops the connection: the plugin's call fails with ConnectionClosedError and the session is reported closed", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", fault.drop());
    let seen = "";
    const harness = createTestHarness(
      pluginWithTool(async (session) => {
        try {
          await session.invoke("tool", CALL).toArray();
        } catch (error) {
          seen = ConnectionClosedError.isInstance(error) ? "DIFY_ERR_CONNECTION_CLOSED" : String(error);
        }
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    expect(result.error).toEqual({
      error_type: "ConnectionClosedError",
      message: "Connection closed unexpectedly",
      args: {},
    });
    await expect.poll(() => seen).toBe("DIFY_ERR_CONNECTION_CLOSED");
    await harness.close();
  });

  it("mixes faults and answers per call", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", perCall(fault.error("flaky"), [toolMessages.text("recovered")]));
    const harness = createTestHarness(
      pluginWithTool(async function* (session) {
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            const items = await session.invoke<{ message: { text: string } }>("tool", CALL).toArray();
            yield text(items[0]?.message.text ?? "");
          } catch (error) {
            yield text(`failed:${(error as InvocationError).daemonMessage}`);
          }
        }
      }),
      { dify },
    );
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    expect(result.messages.map((m) => (m.type === "text" ? m.message.text : ""))).toEqual([
      "failed:flaky",
      "recovered",
    ]);
    await harness.close();
  });

  it("rejects a request with AbortedError when its signal aborts", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "slow", "op", fault.hang());
    const harness = createTestHarness(probe(), { dify });
    const controller = new AbortController();
    const pending = harness.invokeTool({ provider: "p", tool: "t", signal: controller.signal });
    await expect.poll(() => dify.calls.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toSatisfy(AbortedError.isInstance);
    await harness.close();
  });
});
