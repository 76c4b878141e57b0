import type { Session } from "@x/core";
import type { ExtensionApis } from "@x/core/internal";
import { createSessionHarness, MockDify, type SessionHarness, type SessionHarnessOptions } from "@x/testing";
import { onTestFinished } from "vitest";
import { workflowNodeExtension } from "../src/index.js";

/** What `workflowNodeExtension` adds to a session. */
export type NodeApis = ExtensionApis<[typeof workflowNodeExtension]>;

/** A session with `session.workflowNode`. */
export type NodeSession = Session<NodeApis>;

/** A model config used across tests. */
export const MODEL = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" } as const;

/**
 * A harness whose sessions have `session.workflowNode` (unless `installExtension` is false), answering reverse
 * calls from `dify` (default: a fresh `MockDify`). It is closed when the test finishes.
 */
export function nodeHarness(
  options: Omit<SessionHarnessOptions, "extensions"> & { installExtension?: boolean } = {},
): SessionHarness<NodeApis> {
  const { installExtension = true, dify = new MockDify(), ...rest } = options;
  const harness = createSessionHarness({
    ...rest,
    dify,
    extensions: installExtension ? [workflowNodeExtension] : [],
  });
  onTestFinished(() => harness.close());
  // Without the extension the sessions lack `workflowNode` at run time; typed as present to test that failure.
  return harness as SessionHarness<NodeApis>;
}

/** A harness whose Dify answers every `type` call with `answer`, sent as given (`MockDify.onInvokeRaw`). */
export function answering(type: string, answer: unknown, options: Parameters<typeof nodeHarness>[0] = {}) {
  const harness = nodeHarness(options);
  harness.dify.onInvokeRaw(type, answer);
  return harness;
}
