import { AbortedError } from "../errors/aborted-error.js";
import { InvocationTimeoutError } from "../errors/invocation-timeout-error.js";
import type { InvocationStream } from "./invocation-stream.js";

/** What a pending call needs from its engine. Kept as an interface so the call holds one pointer, not closures. */
export interface InvocationOwner {
  /** Stop routing frames to the call (it finished, failed or was cancelled). */
  release(call: PendingInvocation): void;
  /**
   * Forget the call entirely: it is released and holds no unread items any more. A call that ended with unread
   * items stays with its session until they are read, dropped by the consumer, or the session ends.
   */
  detach(call: PendingInvocation): void;
  /** The call ended before the daemon ended it (aborted, timed out, its session ended, its reader stopped). */
  abandoned(call: PendingInvocation): void;
  /** Account for bytes buffered (+) or consumed (-) by a slow reader. */
  buffered(delta: number): void;
}

type Waiter = { resolve: (result: IteratorResult<unknown>) => void; reject: (error: unknown) => void };
/** A `toArray()` in progress: items go straight into `out`, and the call's end settles it once. */
type Collector = { out: unknown[]; resolve: (items: unknown[]) => void; reject: (error: unknown) => void };

/**
 * One reverse call in flight: a small queue between the frames the runtime routes in and the consumer's
 * `for await`. No closures per call: the total timer gets the call as an argument, the abort listener is the
 * call itself, and the item queue is only allocated when the consumer falls behind. The idle timeout has no timer
 * of its own: the engine's one idle sweep checks {@link lastActivity} (a timer per call was ~5% of a pipelined
 * plugin's CPU, measured).
 */
export class PendingInvocation<T = unknown> implements InvocationStream<T>, AsyncIterator<T> {
  readonly id: string;
  readonly type: string;
  readonly sessionId: string;
  /** @internal Neighbours in the engine's per-session list. */
  prevInSession: PendingInvocation | undefined;
  /** @internal */
  nextInSession: PendingInvocation | undefined;
  private readonly owner: InvocationOwner;
  private items: unknown[] | undefined;
  private sizes: number[] | undefined;
  private head = 0;
  private waiter: Waiter | undefined;
  private moreWaiters: Waiter[] | undefined;
  private collector: Collector | undefined;
  private finished = false;
  private failure: unknown;
  private totalTimer: NodeJS.Timeout | undefined;
  /** @internal Milliseconds of silence after which the call fails; 0 for none. */
  readonly idleMs: number;
  private readonly totalMs: number;
  /** @internal When the last frame of this call arrived (or when it started), from `Date.now()`. */
  lastActivity = 0;
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
    this.idleMs = limits.idleTimeout > 0 && Number.isFinite(limits.idleTimeout) ? limits.idleTimeout : 0;
    this.totalMs =
      limits.timeout !== undefined && limits.timeout > 0 && Number.isFinite(limits.timeout)
        ? limits.timeout
        : 0;
    if (this.idleMs > 0) this.lastActivity = Date.now();
    if (this.totalMs > 0) this.totalTimer = setTimeout(fireTotal, this.totalMs, this);
    if (limits.signal) {
      this.signal = limits.signal;
      limits.signal.addEventListener("abort", this);
    }
  }

  /** True once the call has ended (successfully or not). */
  get done(): boolean {
    return this.finished;
  }

  /** Items received but not yet read by the consumer. */
  get backlog(): number {
    return this.items === undefined ? 0 : this.items.length - this.head;
  }

  /** Any frame of this call arrived: the idle period starts over. Only a timestamp is written (once per frame). */
  touch(): void {
    if (this.idleMs > 0) this.lastActivity = Date.now();
  }

  /** A `response` item arrived. */
  push(item: unknown, bytes: number): void {
    if (this.finished) return;
    if (this.collector !== undefined) {
      this.collector.out.push(item);
      return;
    }
    const waiter = this.takeWaiter();
    if (waiter) {
      waiter.resolve({ value: item, done: false });
      return;
    }
    if (this.items === undefined || this.sizes === undefined) {
      this.items = [];
      this.sizes = [];
    }
    this.items.push(item);
    this.sizes.push(bytes);
    this.owner.buffered(bytes);
  }

  /** The call ended normally (`end` event). Buffered items are still delivered. */
  end(): void {
    this.settle(undefined);
  }

  /**
   * The call failed; buffered items are dropped and the consumer sees `error` next. `byDaemon` is true when the
   * daemon itself failed it (an `error` event): otherwise whatever carries the call is told to let it go.
   */
  fail(error: unknown, byDaemon = false): void {
    if (this.finished) {
      // Ended normally, but its owner (the session) is gone: unread items are released, never leaked.
      this.discard();
      return;
    }
    this.dropBuffered();
    this.settle(error ?? new Error("invocation failed"));
    if (!byDaemon) this.owner.abandoned(this);
  }

  /** Drops whatever is still buffered and forgets the call (its consumer will not read it). */
  discard(): void {
    this.dropBuffered();
    if (this.finished) this.owner.detach(this);
  }

  /** `EventListener` for the caller's abort signal. */
  handleEvent(): void {
    const reason = this.signal?.reason;
    this.fail(new AbortedError(`${this.type} invocation ${this.id} was aborted`, { cause: reason }));
  }

  /** @internal The engine's idle sweep found no frame of this call for `idleMs`. */
  idleExpired(): void {
    this.fail(
      new InvocationTimeoutError({
        timer: "idle",
        ms: this.idleMs,
        invokeType: this.type,
        backwardsRequestId: this.id,
      }),
    );
  }

  /** @internal Called by the total timer. */
  totalExpired(): void {
    this.fail(
      new InvocationTimeoutError({
        timer: "total",
        ms: this.totalMs,
        invokeType: this.type,
        backwardsRequestId: this.id,
      }),
    );
  }

  next(): Promise<IteratorResult<T>> {
    const items = this.items;
    if (items !== undefined && this.head < items.length) {
      const value = items[this.head] as T;
      items[this.head] = undefined;
      this.owner.buffered(-(this.sizes?.[this.head] ?? 0));
      this.head++;
      if (this.head === items.length) {
        this.items = undefined;
        this.sizes = undefined;
        this.head = 0;
        if (this.finished) this.owner.detach(this);
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
      const waiter: Waiter = { resolve: resolve as Waiter["resolve"], reject };
      if (this.waiter === undefined) this.waiter = waiter;
      else if (this.moreWaiters === undefined) this.moreWaiters = [waiter];
      else this.moreWaiters.push(waiter);
    });
  }

  /** The consumer stopped early (`break`): the call is forgotten and later frames of it are dropped. */
  return(): Promise<IteratorResult<T>> {
    this.dropBuffered();
    if (!this.finished) {
      this.settle(undefined);
      this.owner.abandoned(this);
    } else this.owner.detach(this);
    this.failure = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this;
  }

  /**
   * Reads every item. With no other reader, items are collected as they arrive and the call's end settles one
   * promise: no promise per item as with `for await` (this runs once per reverse call; with the shared idle
   * timer it took ~8% off a pipelined call's CPU, measured on the round-trip bench's children).
   */
  toArray(): Promise<T[]> {
    if (this.waiter !== undefined || this.collector !== undefined) return this.readAll();
    const out: T[] = [];
    const items = this.items;
    if (items !== undefined) {
      for (let i = this.head; i < items.length; i++) out.push(items[i] as T);
      this.dropBuffered();
      if (this.finished) this.owner.detach(this);
    }
    if (this.finished) {
      if (this.failure === undefined) return Promise.resolve(out);
      const failure = this.failure;
      this.failure = undefined;
      return Promise.reject(failure);
    }
    return new Promise<T[]>((resolve, reject) => {
      this.collector = { out, resolve: resolve as Collector["resolve"], reject };
    });
  }

  async first(): Promise<T | undefined> {
    for await (const item of this) return item;
    return undefined;
  }

  /** `toArray()` beside another reader: items are shared out between them as `next()` gives them. */
  private async readAll(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }

  private takeWaiter(): Waiter | undefined {
    const waiter = this.waiter;
    this.waiter = this.moreWaiters?.shift();
    if (this.moreWaiters?.length === 0) this.moreWaiters = undefined;
    return waiter;
  }

  private dropBuffered(): void {
    const sizes = this.sizes;
    if (sizes !== undefined) {
      let bytes = 0;
      for (let i = this.head; i < sizes.length; i++) bytes += sizes[i] ?? 0;
      if (bytes > 0) this.owner.buffered(-bytes);
    }
    this.items = undefined;
    this.sizes = undefined;
    this.head = 0;
  }

  private settle(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    if (this.totalTimer) clearTimeout(this.totalTimer);
    this.totalTimer = undefined;
    this.signal?.removeEventListener("abort", this);
    this.signal = undefined;
    this.owner.release(this);
    if (this.backlog === 0) this.owner.detach(this);
    const collector = this.collector;
    if (collector !== undefined) {
      this.collector = undefined;
      if (error === undefined) collector.resolve(collector.out);
      else collector.reject(error);
    }
    let waiter = this.takeWaiter();
    if (error !== undefined) {
      // A failure is kept for the next read only when no reader has been told of it yet.
      if (waiter === undefined) {
        if (collector === undefined) this.failure = error;
        return;
      }
      // Every reader waiting right now sees the failure; later reads see the end.
      while (waiter !== undefined) {
        waiter.reject(error);
        waiter = this.takeWaiter();
      }
      return;
    }
    while (waiter !== undefined) {
      waiter.resolve({ value: undefined, done: true });
      waiter = this.takeWaiter();
    }
  }
}

function fireTotal(call: PendingInvocation): void {
  call.totalExpired();
}
