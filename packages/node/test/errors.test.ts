import { AbortedError, InvocationError, InvocationTimeoutError, PermissionDeniedError } from "@x/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DaemonHarness, MODEL } from "./harness.js";

let harness: DaemonHarness;
beforeEach(async () => {
  harness = await DaemonHarness.start();
});
afterEach(async () => {
  await harness.close();
});

const parameters = [{ name: "city", type: "string", required: true }] as const;
const classes = [{ id: "1", name: "weather" }] as const;
const REPLY = { inputs: {}, outputs: { city: "Paris", class_name: "weather" }, process_data: {} };

describe("daemon errors through the real runtime", () => {
  it("turns a daemon error event into InvocationError with the daemon's text", async () => {
    const result = harness.run((session) =>
      session.workflowNode.parameterExtractor.invoke({ parameters, model: MODEL, query: "q" }),
    );
    const call = await harness.nextInvoke();
    harness.fail(call, "request failed: model gpt-4o-mini not found");
    const error = await result.catch((caught: unknown) => caught);
    expect(InvocationError.isInstance(error)).toBe(true);
    expect((error as InvocationError).daemonMessage).toBe("request failed: model gpt-4o-mini not found");
    expect((error as InvocationError).invokeType).toBe("node_parameter_extractor");
  });

  it("turns the daemon's validation rejection into InvocationError", async () => {
    const result = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke(classes, MODEL, "q"),
    );
    const call = await harness.nextInvoke();
    harness.fail(
      call,
      "unmarshal backwards invoke request failed: error validating struct: Key: 'Query' Error:Field validation for 'Query' failed on the 'required' tag",
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(InvocationError.isInstance(error)).toBe(true);
    expect((error as InvocationError).invokeType).toBe("node_question_classifier");
  });

  it.each([
    ["parameterExtractor", "node_parameter_extractor"],
    ["questionClassifier", "node_question_classifier"],
  ] as const)(
    "turns the node permission denial into PermissionDeniedError for %s",
    async (node, invokeType) => {
      const result = harness.run<unknown>((session) =>
        node === "parameterExtractor"
          ? session.workflowNode.parameterExtractor.invoke(parameters, MODEL, "q")
          : session.workflowNode.questionClassifier.invoke(classes, MODEL, "q"),
      );
      const call = await harness.nextInvoke();
      expect(call.type).toBe(invokeType);
      harness.fail(call, "permission denied, you need to enable node access in plugin manifest");
      const error = await result.catch((caught: unknown) => caught);
      expect(PermissionDeniedError.isInstance(error)).toBe(true);
      expect((error as PermissionDeniedError).permission).toBe("node");
      expect((error as PermissionDeniedError).message).toMatch(/enable `node` under resource.permission/);
    },
  );

  it("keeps the plugin serving after a failed call: the next session's call succeeds", async () => {
    const failing = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke(classes, MODEL, "q"),
    );
    const first = await harness.nextInvoke();
    harness.fail(first, "boom");
    await expect(failing).rejects.toThrow(/boom/);
    const working = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke(classes, MODEL, "q"),
    );
    const second = await harness.nextInvoke();
    harness.respond(second, REPLY);
    harness.end(second);
    expect((await working).outputs.class_name).toBe("weather");
    expect(harness.runtime.stats().inFlight).toBe(0);
  });
});

describe("timeouts and aborts through the real runtime", () => {
  it("fails with InvocationTimeoutError (total) when the daemon never answers within timeout", async () => {
    const result = harness.run((session) =>
      session.workflowNode.parameterExtractor.invoke(
        { parameters, model: MODEL, query: "q" },
        { timeout: 30 },
      ),
    );
    await harness.nextInvoke();
    const error = await result.catch((caught: unknown) => caught);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect((error as InvocationTimeoutError).timer).toBe("total");
    expect((error as InvocationTimeoutError).invokeType).toBe("node_parameter_extractor");
  });

  it("fails with InvocationTimeoutError (idle) with idleTimeout in the positional form", async () => {
    const result = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke(classes, MODEL, "q", "", { idleTimeout: 30 }),
    );
    await harness.nextInvoke();
    const error = await result.catch((caught: unknown) => caught);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect((error as InvocationTimeoutError).timer).toBe("idle");
  });

  it("fails with AbortedError when the signal fires while waiting, and drops the late reply", async () => {
    const controller = new AbortController();
    const result = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke(
        { classes, model: MODEL, query: "q" },
        { signal: controller.signal },
      ),
    );
    const call = await harness.nextInvoke();
    controller.abort(new Error("user went away"));
    const error = await result.catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    harness.respond(call, REPLY);
    harness.end(call);
    await harness.sessionEnded(call.sessionId);
    expect(harness.runtime.stats().inFlight).toBe(0);
  });

  it("fails with AbortedError and sends nothing when the signal has already fired", async () => {
    const result = harness.run((session) =>
      session.workflowNode.parameterExtractor.invoke(parameters, MODEL, "q", undefined, {
        signal: AbortSignal.abort(),
      }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(harness.frames.some((frame) => frame.data?.type === "invoke")).toBe(false);
  });
});

describe("installation", () => {
  it("has no workflowNode on sessions when the extension is not installed", async () => {
    const bare = await DaemonHarness.start({ installExtension: false });
    try {
      const seen = await bare.run(async (session) => (session as { workflowNode?: unknown }).workflowNode);
      expect(seen).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it("creates one client per session and reuses it", async () => {
    const [first, second] = await harness.run(async (session) => [
      session.workflowNode,
      session.workflowNode,
    ]);
    expect(first).toBe(second);
    expect(first?.parameterExtractor).toBeDefined();
  });
});
