import { createSessionHarness, MockDify, type SessionHarness, type SessionHarnessOptions } from "@x/testing";
import { onTestFinished } from "vitest";
import { workflowNodeExtension } from "../src/index.js";

/** A model config used across tests. */
export const MODEL = { provider: "langgenius/openai/openai", name: "gpt-4o-mini" } as const;

/**
 * A harness whose sessions have `session.workflowNode` (unless `installExtension` is false), answering reverse
 * calls from `dify` (default: a fresh `MockDify`). It is closed when the test finishes.
 */
export function nodeHarness(
  options: Omit<SessionHarnessOptions, "extensions"> & { installExtension?: boolean } = {},
): SessionHarness {
  const { installExtension = true, dify = new MockDify(), ...rest } = options;
  const harness = createSessionHarness({
    ...rest,
    dify,
    extensions: installExtension ? [workflowNodeExtension] : [],
  });
  onTestFinished(() => harness.close());
  return harness;
}

/** A harness whose Dify answers every `type` call with `answer` (see `MockDify.onInvoke`). */
export function answering(type: string, answer: unknown, options: Parameters<typeof nodeHarness>[0] = {}) {
  const harness = nodeHarness(options);
  harness.dify.onInvoke(type, answer);
  return harness;
}
