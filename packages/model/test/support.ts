import type { InvokeType } from "@x/protocol";
import { type Answer, createSessionHarness, fault, MockDify } from "@x/testing";
import { onTestFinished } from "vitest";
import { modelExtension } from "../src/index.js";

/**
 * A harness whose sessions have `session.model`, and whose Dify answers every `type` call with `answer` (without
 * one, calls go unanswered: `not mocked`). It is closed when the test finishes.
 */
export function modelHarness<T extends InvokeType>(type: T, answer?: Answer<T>) {
  const dify = new MockDify();
  if (answer !== undefined) dify.onInvoke(type, answer);
  return harnessOf(dify);
}

/** Like {@link modelHarness}, but `answer` is sent exactly as given, even when the reply schema would refuse it. */
export function rawModelHarness(type: InvokeType, answer: unknown) {
  const dify = new MockDify();
  dify.onInvokeRaw(type, answer);
  return harnessOf(dify);
}

function harnessOf(dify: MockDify) {
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
