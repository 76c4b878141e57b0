import { createSessionHarness, fault, type InvokeAnswer, MockDify, type SessionHarness } from "@x/testing";
import { onTestFinished } from "vitest";
import { modelExtension } from "../src/index.js";

/**
 * A harness whose sessions have `session.model`, and whose Dify answers every `type` call with `answer` (without
 * one, calls go unanswered: `not mocked`). It is closed when the test finishes.
 */
export function modelHarness(type: string, answer?: InvokeAnswer) {
  const dify = new MockDify();
  if (answer !== undefined) dify.onInvoke(type, answer);
  const harness = createSessionHarness({ extensions: [modelExtension], dify });
  onTestFinished(() => harness.close());
  return harness;
}

/** An answer that streams `items`, then never ends the call (timeouts, aborts and early exits must release it). */
export function streamThenHang(...items: unknown[]): () => AsyncGenerator<unknown> {
  return async function* () {
    yield* items;
    yield fault.hang();
  };
}
