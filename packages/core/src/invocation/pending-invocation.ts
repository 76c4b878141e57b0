import { AbortedError } from "../errors/aborted-error.js";
import { InvocationTimeoutError } from "../errors/invocation-timeout-error.js";
import type { InvocationStream } from "./invocation-stream.js";

/** What a pending call needs from its engine. Kept as an interface so the call holds one pointer, not closures. */
export interface InvocationOwner {
  /** Forget the call (it finished, failed or was cancelled). */
  release(call: PendingInvocation): void;
  /** Account for bytes buffered (+) or consumed (-) by a slow reader. */
  buffered(delta: number): void;
}

type Waiter = { resolve: (result: IteratorResult<unknown>) => void; reject: (error: unknown) => void };

/**
 * One reverse call in flight: a small queue between the frames the runtime routes in and the consumer's
 * `for await`. No closures per call: timers get the call as an argument, the abort listener is the call itself.
 */
export class PendingInvocation<T = unknown> implements InvocationStream<T>, AsyncIterator<T> {
  readonly id: string;
  readonly type: string;
  readonly sessionId: string;
  private readonly owner: InvocationOwner;
  private items: unknown[] = [];
  private sizes: number[] = [];
  private head = 0;
  private waiter: Waiter | undefined;
  private finished = false;
  private failure: unknown;
  private idleTimer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private signal: AbortSignal | undefined;

  constructor(
    owner: InvocationOwner,
    id: string,
    type: string,
    sessionId: string,
    limits: { idleTimeout: number; timeout: number | undefined; signal: AbortSignal | undefined },
  ) {
    this.owner = owner;
    this.id = id;
    this.type = type;
    this.sessionId = sessionId;
    if (limits.idleTimeout > 0 && Number.isFinite(limits.idleTimeout)) {
      this.idleTimer = setTimeout(fireTimer, limits.idleTimeout, this, "idle", limits.idleTimeout);
    }
    if (limits.timeout !== undefined && limits.timeout > 0 && Number.isFinite(limits.timeout)) {
      this.totalTimer = setTimeout(fireTimer, limits.timeout, this, "total", limits.timeout);
    }
    if (limits.signal) {
      this.signal = limits.signal;
      limits.signal.addEventListener("abort", this);
    }
  }

  /** True once the call has ended (successfully or not). */
  get done(): boolean {
    return this.finished;
  }

  /** A `response` item arrived. */
  push(item: unknown, bytes: number): void {
    if (this.finished) return;
    this.idleTimer?.refresh();
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    this.sizes.push(bytes);
    this.owner.buffered(bytes);
  }

  /** The call ended normally (`end` event). Buffered items are still delivered. */
  end(): void {
    this.settle(undefined);
  }

  /** The call failed; buffered items are dropped and the consumer sees `error` next. */
  fail(error: unknown): void {
    if (this.finished) return;
    this.dropBuffered();
    this.settle(error ?? new Error("invocation failed"));
  }

  /** `EventListener` for the caller's abort signal. */
  handleEvent(): void {
    const reason = this.signal?.reason;
    this.fail(new AbortedError(`${this.type} invocation ${this.id} was aborted`, { cause: reason }));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.owner.buffered(-(this.sizes[this.head] ?? 0));
      this.head++;
      if (this.head === this.items.length) {
        this.items = [];
        this.sizes = [];
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.finished) {
      if (this.failure !== undefined) {
        const failure = this.failure;
        this.failure = undefined;
        return Promise.reject(failure);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve: resolve as Waiter["resolve"], reject };
    });
  }

  /** The consumer stopped early (`break`): later frames of this call are dropped. */
  return(): Promise<IteratorResult<T>> {
    if (!this.finished) {
      this.dropBuffered();
      this.settle(undefined);
    }
    this.failure = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this;
  }

  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }

  async first(): Promise<T | undefined> {
    for await (const item of this) return item;
    return undefined;
  }

  private dropBuffered(): void {
    let bytes = 0;
    for (let i = this.head; i < this.sizes.length; i++) bytes += this.sizes[i] ?? 0;
    if (bytes > 0) this.owner.buffered(-bytes);
    this.items = [];
    this.sizes = [];
    this.head = 0;
  }

  private settle(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.totalTimer) clearTimeout(this.totalTimer);
    this.idleTimer = undefined;
    this.totalTimer = undefined;
    this.signal?.removeEventListener("abort", this);
    this.signal = undefined;
    this.owner.release(this);
    const waiter = this.waiter;
    this.waiter = undefined;
    if (error !== undefined) {
      if (waiter) waiter.reject(error);
      else this.failure = error;
    } else if (waiter) {
      waiter.resolve({ value: undefined, done: true });
    }
  }
}

function fireTimer(call: PendingInvocation, timer: "idle" | "total", ms: number): void {
  call.fail(new InvocationTimeoutError({ timer, ms, invokeType: call.type, backwardsRequestId: call.id }));
}
