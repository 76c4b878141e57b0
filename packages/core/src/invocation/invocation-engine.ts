import { randomBytes } from "node:crypto";
import type { BackwardsResponseEvent, OutboundFrame } from "@x/protocol";
import { invokeFrame } from "../codec/frames.js";
import { InvocationError } from "../errors/invocation-error.js";
import { InvocationTimeoutError } from "../errors/invocation-timeout-error.js";
import { PermissionDeniedError } from "../errors/permission-denied-error.js";
import { ValidationError } from "../errors/validation-error.js";
import type { InvocationStream } from "./invocation-stream.js";
import { DEFAULT_IDLE_TIMEOUT_MS, type InvokeOptions } from "./invoke-options.js";
import { type InvocationOwner, PendingInvocation } from "./pending-invocation.js";

/** Options of an {@link InvocationEngine}. */
export interface InvocationEngineOptions {
  /** Sends one frame to the daemon. */
  send(frame: OutboundFrame): Promise<void>;
  /** Idle timeout applied when a call gives none. Default 250 000 ms. */
  defaultIdleTimeout?: number;
  /** Total timeout applied when a call gives none. Default: none. */
  defaultTimeout?: number;
  /**
   * Bytes of unread response frames (summed over all calls) above which the engine asks the transport to pause
   * reading. Default 16 MiB. Reading resumes below half of it.
   */
  highWaterMark?: number;
  /** Called with `true` to pause inbound reading and `false` to resume it. */
  onBackpressure?(paused: boolean): void;
  /** A call ended before the daemon ended it: whatever carries it (a serverless HTTP request) may be released. */
  onAbandon?(sessionId: string, backwardsRequestId: string): void;
}

/** Counters of an {@link InvocationEngine}. */
export interface InvocationStats {
  /** Calls waiting for their `end`. */
  inFlight: number;
  /** Frames for an unknown or finished `backwards_request_id`, dropped. (The `end` that follows an `error` is expected and not counted.) */
  dropped: number;
  /** Bytes of response frames received but not yet read by their consumer. */
  bufferedBytes: number;
  /** True while inbound reading is paused because `bufferedBytes` went over the high-water mark. */
  paused: boolean;
}

/** How many ids of calls that failed on an `error` event are remembered to absorb their trailing `end`. */
const MAX_AWAITING_END = 4096;
/**
 * The idle sweep runs at most this often (ms), so calls whose idle periods end a moment apart are failed by one
 * sweep: an idle timeout fires at most this much late.
 */
const MIN_SWEEP_GAP_MS = 5;

/**
 * Correlates reverse calls with their answers: one `Map` from `backwards_request_id` to the pending call, so
 * routing a frame is one lookup however many calls are in flight.
 */
export class InvocationEngine implements InvocationOwner {
  private readonly calls = new Map<string, PendingInvocation>();
  /** Head of each session's intrusive list of calls (cheaper than a Set per session with many calls in flight). */
  private readonly bySession = new Map<string, PendingInvocation>();
  private readonly options: InvocationEngineOptions;
  private readonly highWaterMark: number;
  private readonly awaitingEnd = new Set<string>();
  private bufferedBytes = 0;
  private dropped = 0;
  private paused = false;
  /**
   * One timer for the idle timeouts of every call, armed for the earliest moment one of them may have gone
   * silent for its whole idle period. A timer per call cost a timer-list insert and removal per reverse call
   * (~5% of a pipelined plugin's CPU in a CPU profile of the round-trip bench); with one timer, a call only
   * stamps `lastActivity`. It is cleared whenever no call is in flight, so, like the timers per call it
   * replaces, it keeps the process alive only while a call waits.
   */
  private idleTimer: NodeJS.Timeout | undefined;
  private idleDue = Number.POSITIVE_INFINITY;

  constructor(options: InvocationEngineOptions) {
    this.options = options;
    this.highWaterMark = options.highWaterMark ?? 16 * 1024 * 1024;
  }

  /** Starts a reverse call for `sessionId`: sends the `invoke` frame now and returns the stream of its answers. */
  invoke<T = unknown>(
    sessionId: string,
    type: string,
    request: Record<string, unknown>,
    options: InvokeOptions = {},
  ): InvocationStream<T> {
    const id = newRequestId();
    const call = new PendingInvocation<T>(this, id, type, sessionId, {
      idleTimeout: options.idleTimeout ?? this.options.defaultIdleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS,
      timeout: options.timeout ?? this.options.defaultTimeout,
      signal: options.signal,
    });
    if (options.signal?.aborted) {
      call.handleEvent();
      return call;
    }
    if (typeof type !== "string" || type.length === 0) {
      call.fail(new ValidationError("invoke type must be a non-empty string", { field: "type" }));
      return call;
    }
    if (request === null || typeof request !== "object" || Array.isArray(request)) {
      call.fail(new ValidationError("request must be a JSON object", { field: "request" }));
      return call;
    }
    this.calls.set(id, call as PendingInvocation);
    const head = this.bySession.get(sessionId);
    const linked = call as PendingInvocation;
    if (head) {
      linked.nextInSession = head;
      head.prevInSession = linked;
    }
    this.bySession.set(sessionId, linked);
    if (linked.idleMs > 0) this.watchIdle(linked.lastActivity + linked.idleMs);
    this.options
      .send(invokeFrame(sessionId, { type, backwards_request_id: id, request }))
      .catch((error: unknown) => call.fail(error));
    return call;
  }

  /**
   * Routes one `backwards_response` event of session `sessionId`. Unknown ids, and ids of another session's call,
   * are counted and dropped, never thrown.
   */
  handle(event: BackwardsResponseEvent, bytes: number, sessionId?: string): void {
    const id = event.backwards_request_id;
    const found = this.calls.get(id);
    // An answer carries the session of the call it answers; one naming another session is not for this call.
    const call = found && (sessionId === undefined || found.sessionId === sessionId) ? found : undefined;
    if (!call) {
      // The daemon always sends `end` after `error` (§2.5): that one is expected, not a stray.
      if (event.event === "end" && this.awaitingEnd.delete(id)) return;
      this.dropped++;
      return;
    }
    call.touch();
    switch (event.event) {
      case "response":
        // A response without data carries nothing to deliver; the daemon still sends `end` after it.
        if (event.data !== null && event.data !== undefined) call.push(event.data, bytes);
        return;
      case "end":
        call.end();
        return;
      case "error":
        this.rememberAwaitingEnd(id);
        call.fail(toInvocationError(call, event.message), true);
        return;
    }
  }

  /** Fails every call of one session (its handler finished, or the session was cancelled). */
  failSession(sessionId: string, error: Error): void {
    for (const call of this.takeSession(sessionId)) call.fail(error);
  }

  /**
   * Fails every call of one session with `InvocationTimeoutError` (`timer: "deadline"`): the session's time budget
   * of `ms` ran out. One timer per session bounds all its calls, so a call carries no deadline of its own.
   */
  expireSession(sessionId: string, ms: number): void {
    for (const call of this.takeSession(sessionId)) call.fail(deadlineError(call, ms));
  }

  /**
   * A call of `sessionId` refused before it is sent because the session's budget of `ms` is already spent: it fails
   * at once with `InvocationTimeoutError` (`timer: "deadline"`).
   */
  invokeExpired<T = unknown>(sessionId: string, type: string, ms: number): InvocationStream<T> {
    const call = new PendingInvocation<T>(this, newRequestId(), type, sessionId, {
      idleTimeout: 0,
      timeout: undefined,
      signal: undefined,
    });
    call.fail(deadlineError(call, ms));
    return call;
  }

  /** Fails every call in flight and drops every unread answer (the connection dropped or the runtime is closing). */
  failAll(error: Error): void {
    for (const sessionId of [...this.bySession.keys()]) this.failSession(sessionId, error);
    for (const call of [...this.calls.values()]) call.fail(error);
    this.awaitingEnd.clear();
    this.stopIdleSweep();
  }

  /** Current counters. */
  stats(): InvocationStats {
    return {
      inFlight: this.calls.size,
      dropped: this.dropped,
      bufferedBytes: this.bufferedBytes,
      paused: this.paused,
    };
  }

  /** @internal */
  release(call: PendingInvocation): void {
    this.calls.delete(call.id);
    if (this.calls.size === 0) this.stopIdleSweep();
  }

  /** @internal */
  abandoned(call: PendingInvocation): void {
    this.options.onAbandon?.(call.sessionId, call.id);
  }

  /** @internal */
  detach(call: PendingInvocation): void {
    this.calls.delete(call.id);
    if (this.calls.size === 0) this.stopIdleSweep();
    const { prevInSession: prev, nextInSession: next } = call;
    if (prev) prev.nextInSession = next;
    else if (this.bySession.get(call.sessionId) === call) {
      if (next) this.bySession.set(call.sessionId, next);
      else this.bySession.delete(call.sessionId);
    }
    if (next) next.prevInSession = prev;
    call.prevInSession = undefined;
    call.nextInSession = undefined;
  }

  private takeSession(sessionId: string): PendingInvocation[] {
    const calls: PendingInvocation[] = [];
    for (let call = this.bySession.get(sessionId); call; call = call.nextInSession) calls.push(call);
    this.bySession.delete(sessionId);
    return calls;
  }

  /** No call is in flight: nothing is left armed (a burst of calls still shares one timer). */
  private stopIdleSweep(): void {
    if (this.idleTimer === undefined) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.idleDue = Number.POSITIVE_INFINITY;
  }

  /** Makes sure the idle sweep runs by `due` (ms since the epoch). */
  private watchIdle(due: number): void {
    if (due >= this.idleDue) return;
    clearTimeout(this.idleTimer);
    this.idleDue = due;
    this.idleTimer = setTimeout(this.sweepIdle, Math.max(MIN_SWEEP_GAP_MS, due - Date.now()));
  }

  /**
   * Fails each call in flight that has had no frame for its idle period, and arms the timer for the next one
   * due. While reading is paused for backpressure no frame can arrive: that silence is ours, so the period
   * starts over instead.
   */
  private readonly sweepIdle = (): void => {
    this.idleTimer = undefined;
    this.idleDue = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    const expired: PendingInvocation[] = [];
    for (const call of this.calls.values()) {
      if (call.idleMs === 0) continue;
      let due = call.lastActivity + call.idleMs;
      if (due <= now) {
        if (!this.paused) {
          expired.push(call);
          continue;
        }
        call.lastActivity = now;
        due = now + call.idleMs;
      }
      if (due < next) next = due;
    }
    // Failing a call removes it from `calls`: done after the walk, not during it.
    for (const call of expired) call.idleExpired();
    if (next !== Number.POSITIVE_INFINITY) this.watchIdle(next);
  };

  private rememberAwaitingEnd(id: string): void {
    this.awaitingEnd.add(id);
    if (this.awaitingEnd.size > MAX_AWAITING_END) {
      // Bounded: if the daemon never sends the `end`, the oldest id is forgotten and its `end` counts as dropped.
      const oldest = this.awaitingEnd.values().next().value;
      if (oldest !== undefined) this.awaitingEnd.delete(oldest);
    }
  }

  /** @internal */
  buffered(delta: number): void {
    this.bufferedBytes += delta;
    if (!this.paused && this.bufferedBytes > this.highWaterMark) {
      this.paused = true;
      this.options.onBackpressure?.(true);
    } else if (this.paused && this.bufferedBytes <= this.highWaterMark / 2) {
      this.paused = false;
      this.options.onBackpressure?.(false);
    }
  }
}

function toInvocationError(call: PendingInvocation, message: string): InvocationError {
  const details = { invokeType: call.type, backwardsRequestId: call.id, daemonMessage: message };
  const permission = PermissionDeniedError.parsePermission(message);
  return permission ? new PermissionDeniedError({ ...details, permission }) : new InvocationError(details);
}

function deadlineError(call: PendingInvocation, ms: number): InvocationTimeoutError {
  return new InvocationTimeoutError({
    timer: "deadline",
    ms,
    invokeType: call.type,
    backwardsRequestId: call.id,
  });
}

// Ids are 32 random hex characters, like the Python SDK's `uuid4().hex`; drawn from a pooled buffer so a call costs
// one string, not a UUID plus a copy without dashes.
const ID_BYTES = 16;
const ID_POOL_BYTES = ID_BYTES * 512;
let idPool = Buffer.alloc(0);
let idOffset = 0;

function newRequestId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_POOL_BYTES);
    idOffset = 0;
  }
  const id = idPool.toString("hex", idOffset, idOffset + ID_BYTES);
  idOffset += ID_BYTES;
  return id;
}
