import {
  AbortedError,
  ExtensionNotInstalledError,
  InvocationError,
  InvocationTimeoutError,
  PermissionDeniedError,
} from "@x/core";
import { fault, perCall } from "@x/testing";
import { describe, expect, it } from "vitest";
import { answering, MODEL, nodeHarness } from "./support.js";

const parameters = [{ name: "city", type: "string", required: true }] as const;
const classes = [{ id: "1", name: "weather" }] as const;
const REPLY = { inputs: {}, outputs: { city: "Paris", class_name: "weather" }, process_data: {} };

describe("daemon errors through the real runtime", () => {
  it("turns a daemon error event into InvocationError with the daemon's text", async () => {
    const harness = answering(
      "node_parameter_extractor",
      fault.error("request failed: model gpt-4o-mini not found"),
    );
    const result = harness.run((session) =>
      session.workflowNode.parameterExtractor.invoke({ parameters, model: MODEL, query: "q" }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(InvocationError.isInstance(error)).toBe(true);
    expect((error as InvocationError).daemonMessage).toBe("request failed: model gpt-4o-mini not found");
    expect((error as InvocationError).invokeType).toBe("node_parameter_extractor");
  });

  it("turns the daemon's validation rejection into InvocationError", async () => {
    const harness = answering(
      "node_question_classifier",
      fault.error(
        "unmarshal backwards invoke request failed: error validating struct: Key: 'Query' Error:Field validation for 'Query' failed on the 'required' tag",
      ),
    );
    const result = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke({ classes: classes, model: MODEL, query: "q" }),
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
      const harness = answering(
        invokeType,
        fault.error("permission denied, you need to enable node access in plugin manifest"),
      );
      const result = harness.run<unknown>((session) =>
        node === "parameterExtractor"
          ? session.workflowNode.parameterExtractor.invoke({
              parameters: parameters,
              model: MODEL,
              query: "q",
            })
          : session.workflowNode.questionClassifier.invoke({ classes: classes, model: MODEL, query: "q" }),
      );
      const error = await result.catch((caught: unknown) => caught);
      expect(harness.dify.calls.map((call) => call.type)).toEqual([invokeType]);
      expect(PermissionDeniedError.isInstance(error)).toBe(true);
      expect((error as PermissionDeniedError).permission).toBe("node");
      expect((error as PermissionDeniedError).message).toMatch(/enable `node` under resource.permission/);
    },
  );

  it("keeps the plugin serving after a failed call: the next session's call succeeds", async () => {
    const harness = answering("node_question_classifier", perCall(fault.error("boom"), REPLY));
    const failing = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke({ classes: classes, model: MODEL, query: "q" }),
    );
    await expect(failing).rejects.toThrow(/boom/);
    const working = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke({ classes: classes, model: MODEL, query: "q" }),
    );
    expect((await working).outputs.class_name).toBe("weather");
    expect(harness.dify.calls).toHaveLength(2);
    expect(harness.runtime.stats().inFlight).toBe(0);
  });
});

describe("timeouts and aborts through the real runtime", () => {
  it("fails with InvocationTimeoutError (total) when the daemon never answers within timeout", async () => {
    const harness = answering("node_parameter_extractor", fault.hang());
    const result = harness.run((session) =>
      session.workflowNode.parameterExtractor.invoke(
        { parameters, model: MODEL, query: "q" },
        { timeout: 30 },
      ),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(harness.dify.calls).toHaveLength(1);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect((error as InvocationTimeoutError).timer).toBe("total");
    expect((error as InvocationTimeoutError).invokeType).toBe("node_parameter_extractor");
  });

  it("fails with InvocationTimeoutError (idle) with idleTimeout in the positional form", async () => {
    const harness = answering("node_question_classifier", fault.hang());
    const result = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke(
        { classes: classes, model: MODEL, query: "q", instruction: "" },
        { idleTimeout: 30 },
      ),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(harness.dify.calls).toHaveLength(1);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect((error as InvocationTimeoutError).timer).toBe("idle");
  });

  it("fails with AbortedError when the signal fires while waiting, and drops the late reply", async () => {
    const controller = new AbortController();
    let replyLate!: () => void;
    const late = new Promise<void>((resolve) => {
      replyLate = resolve;
    });
    let lateReplySent = false;
    const harness = answering(
      "node_question_classifier",
      async () => {
        await late;
        return REPLY;
      },
      {
        observe: (direction, frame) => {
          const data = (frame as { data?: { event?: string } }).data;
          if (direction === "out" && data?.event === "end") lateReplySent = true;
        },
      },
    );
    const result = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke(
        { classes, model: MODEL, query: "q" },
        { signal: controller.signal },
      ),
    );
    await expect.poll(() => harness.dify.calls.length).toBe(1);
    controller.abort(new Error("user went away"));
    const error = await result.catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    replyLate();
    await expect.poll(() => lateReplySent).toBe(true);
    expect(harness.runtime.stats().inFlight).toBe(0);
  });

  it("fails with AbortedError and sends nothing when the signal has already fired", async () => {
    const harness = nodeHarness();
    const result = harness.run((session) =>
      session.workflowNode.parameterExtractor.invoke(
        { parameters: parameters, model: MODEL, query: "q" },
        {
          signal: AbortSignal.abort(),
        },
      ),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(harness.dify.calls).toHaveLength(0);
  });
});

describe("installation", () => {
  it("fails with ExtensionNotInstalledError naming the line to add when the extension is not installed", async () => {
    const bare = nodeHarness({ installExtension: false });
    // The compiler refuses `session.workflowNode` on such a session (see types.test.ts); forced past it, the
    // read throws a named error instead of a TypeError on undefined.
    const error = await bare
      .run(async (session) => session.workflowNode.questionClassifier)
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(ExtensionNotInstalledError.isInstance(error)).toBe(true);
    expect((error as ExtensionNotInstalledError).extension).toBe("workflowNode");
    expect((error as Error).message).toContain("uses: [workflowNodeExtension]");
    expect((error as Error).message).toContain("plugin.use(workflowNodeExtension)");
    expect((error as Error).message).toContain('from "@x/node"');
  });

  it("creates one client per session and reuses it", async () => {
    const harness = nodeHarness();
    const [first, second] = await harness.run(async (session) => [
      session.workflowNode,
      session.workflowNode,
    ]);
    expect(first).toBe(second);
    expect(first?.parameterExtractor).toBeDefined();
  });
});
