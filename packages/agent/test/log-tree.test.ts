import { Plugin } from "@x/core";
import { LogMessageSchema, LogMetadataSchema } from "@x/protocol";
import { createTestHarness, invokeAgentStrategy, MockDify } from "@x/testing";
import { describe, expect, it } from "vitest";
import { defineAgentStrategy, defineAgentStrategyProvider, messages, openLog } from "../src/index.js";

const usage = { total_tokens: 12, total_price: "0.0000330", currency: "USD" };

describe("AgentLog", () => {
  it("opens a step, nests a child and closes both, frame by frame", () => {
    const round = openLog({ label: "ROUND 1", id: "r1" });
    const thought = round.child({ label: "gpt-4o Thought", id: "t1", metadata: { provider: "openai" } });
    expect(round.started).toEqual({
      type: "log",
      message: {
        id: "r1",
        label: "ROUND 1",
        parent_id: null,
        error: null,
        status: "start",
        data: {},
        metadata: { started_at: round.startedAt },
      },
      meta: null,
    });
    expect(thought.started.message).toMatchObject({ id: "t1", parent_id: "r1", status: "start" });
    expect(thought.started.message.metadata).toEqual({ provider: "openai", started_at: thought.startedAt });

    const done = thought.finish({ data: { output: "hi" }, usage });
    expect(done.message).toMatchObject({
      id: "t1",
      label: "gpt-4o Thought",
      parent_id: "r1",
      status: "success",
      error: null,
      data: { output: "hi" },
    });
    const metadata = LogMetadataSchema.parse(done.message.metadata);
    expect(metadata).toMatchObject({
      provider: "openai",
      total_tokens: 12,
      total_price: 0.000033,
      currency: "USD",
    });
    expect(metadata.started_at).toBe(thought.startedAt);
    expect(metadata.finished_at).toBeGreaterThanOrEqual(thought.startedAt);
    expect(metadata.elapsed_time).toBeGreaterThanOrEqual(0);
    expect(LogMessageSchema.safeParse(done).success).toBe(true);

    const failed = round.fail(new Error("tool exploded"), { data: { round: 1 } });
    expect(failed.message).toMatchObject({
      id: "r1",
      status: "error",
      error: "tool exploded",
      data: { round: 1 },
    });
    expect(round.isClosed).toBe(true);
    expect(round.closing).toBe(failed);
  });

  it("closes a step once", () => {
    const step = openLog({ label: "CALL search" });
    step.finish();
    expect(() => step.finish()).toThrow(/log "CALL search" \(.+\) is already closed/);
    expect(() => openLog({ label: "" })).toThrow(/non-empty label/);
  });

  it("keeps the opening data when finish gives none, and accepts a parent id", () => {
    const step = openLog({ label: "x", data: { input: 1 }, parent: "outer" });
    expect(step.parentId).toBe("outer");
    expect(step.finish().message.data).toEqual({ input: 1 });
  });
});

describe("the log tree as Dify draws it", () => {
  it("arrives as start/success pairs nested under their parents", async () => {
    const strategy = defineAgentStrategy({
      identity: { name: "tree" },
      description: "Logs a tree",
      *invoke() {
        const round = openLog({ label: "ROUND 1" });
        yield round.started;
        const llm = round.child({ label: "Thought" });
        yield llm.started;
        yield messages.text("thinking");
        yield llm.finish({ usage });
        const call = round.child({ label: "CALL search" });
        yield call.started;
        yield call.fail("no network");
        yield round.finish();
      },
    });
    const identity = { author: "a", name: "p", label: "P", description: "P", icon: "i.svg" };
    const plugin = new Plugin().register(defineAgentStrategyProvider({ identity, strategies: [strategy] }));
    const harness = createTestHarness(plugin, { dify: new MockDify() });
    const result = await invokeAgentStrategy(harness, { provider: "p", strategy: "tree" });
    expect(
      result.messages.map((m) => (m.type === "log" ? `${m.message.label}:${m.message.status}` : m.type)),
    ).toEqual([
      "ROUND 1:start",
      "Thought:start",
      "text",
      "Thought:success",
      "CALL search:start",
      "CALL search:error",
      "ROUND 1:success",
    ]);
    const shape = (nodes: typeof result.logs): unknown =>
      nodes.map((node) => ({ label: node.label, status: node.status, children: shape(node.children) }));
    expect(shape(result.logs)).toEqual([
      {
        label: "ROUND 1",
        status: "success",
        children: [
          { label: "Thought", status: "success", children: [] },
          { label: "CALL search", status: "error", children: [] },
        ],
      },
    ]);
    expect(result.logs[0]?.children[1]?.error).toBe("no network");
    await harness.close();
  });
});
