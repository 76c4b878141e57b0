import type { InvokeReply, InvokeType } from "@x/protocol";
import { type DelayFault, type Fault, isFault } from "./fault.js";
import { isPerCall, type PerCall, pickPerCall } from "./per-call.js";
import type { RecordedCall } from "./recorded-call.js";
import type { ReplyStep } from "./reply-step.js";

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/**
 * What a mock of invoke type `T` answers, at the wire level (`onInvoke` and the model, app, storage and file
 * helpers): one reply item `InvokeReply<T>` of `@x/protocol` (sent as one `"struct"` response), an array of them
 * (each streamed as a `"stream"` response), a function of the call returning an answer (sync or async), an async
 * iterable of reply items (streamed; faults may be yielded between them), a {@link Fault}, or {@link perCall}.
 * For a union of types it is the union of their answers (`Answer<InvokeType>`: a typed answer of any type).
 */
export type Answer<T extends InvokeType> = T extends InvokeType
  ?
      | InvokeReply<T>
      | readonly InvokeReply<T>[]
      | ((call: RecordedCall<T>) => Awaitable<Answer<T>>)
      | AsyncIterable<InvokeReply<T> | Fault>
      | Fault<never>
      | DelayFault<Answer<T>>
      | PerCall<Answer<T>>
  : never;

/** How one kind of mock turns answers into reply steps. */
export interface AnswerCodec {
  /** A whole answer value (e.g. a list of tool messages, or one node response). */
  value(value: unknown): Iterable<ReplyStep>;
  /** One item yielded by an async generator answer. */
  item(item: unknown): Iterable<ReplyStep>;
  /** True when a plain array is a list of per-call answers rather than one value. */
  isPerCallArray(value: readonly unknown[]): boolean;
}

/**
 * Reduces any answer (value, per-call list, function, async generator, fault) to reply steps. `callIndex` is the
 * call's position among the calls of this mock, used to pick from per-call lists.
 */
export async function* answerSteps(
  answer: unknown,
  call: RecordedCall,
  codec: AnswerCodec,
  callIndex: number,
  deniedText: () => string,
): AsyncGenerator<ReplyStep> {
  if (isFault(answer)) {
    yield* faultSteps(answer, call, codec, callIndex, deniedText);
    return;
  }
  if (isPerCall(answer)) {
    yield* answerSteps(
      pickPerCall(answer as PerCall<unknown>, callIndex),
      call,
      codec,
      callIndex,
      deniedText,
    );
    return;
  }
  if (Array.isArray(answer) && answer.length > 0 && codec.isPerCallArray(answer)) {
    const chosen = answer[Math.min(callIndex, answer.length - 1)];
    yield* answerSteps(chosen, call, codec, callIndex, deniedText);
    return;
  }
  if (typeof answer === "function") {
    const produced: unknown = await (answer as (call: RecordedCall) => unknown)(call);
    yield* answerSteps(produced, call, codec, callIndex, deniedText);
    return;
  }
  if (isAsyncIterable(answer)) {
    for await (const item of answer) {
      if (isFault(item)) {
        const steps = [...(await collect(faultSteps(item, call, codec, callIndex, deniedText)))];
        yield* steps;
        if (steps.some((step) => step.kind !== "delay" && step.kind !== "response")) return;
        continue;
      }
      yield* codec.item(item);
    }
    return;
  }
  yield* codec.value(answer);
}

async function* faultSteps(
  fault: Fault,
  call: RecordedCall,
  codec: AnswerCodec,
  callIndex: number,
  deniedText: () => string,
): AsyncGenerator<ReplyStep> {
  switch (fault.kind) {
    case "error":
      yield { kind: "error", message: fault.message };
      return;
    case "permission_denied":
      yield { kind: "error", message: deniedText() };
      return;
    case "hang":
      yield { kind: "hang" };
      return;
    case "drop":
      yield { kind: "drop" };
      return;
    case "delay":
      yield { kind: "delay", ms: fault.ms };
      if (fault.then !== undefined) yield* answerSteps(fault.then, call, codec, callIndex, deniedText);
      return;
  }
}

async function collect(steps: AsyncIterable<ReplyStep>): Promise<ReplyStep[]> {
  const out: ReplyStep[] = [];
  for await (const step of steps) out.push(step);
  return out;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}
