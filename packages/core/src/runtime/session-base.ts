import type { InvokeType, RequestData, RequestFrame, SessionContext } from "@x/protocol";
import {
  NO_REVERSE_CALL_SESSION_TYPES,
  ReverseCallRefusedError,
} from "../errors/reverse-call-refused-error.js";
import { SessionClosedError } from "../errors/session-closed-error.js";
import { SessionTimeoutError } from "../errors/session-timeout-error.js";
import { failedStream } from "../invocation/failed-stream.js";
import type { InvocationEngine } from "../invocation/invocation-engine.js";
import type { InvocationStream } from "../invocation/invocation-stream.js";
import type { InvokeOptions } from "../invocation/invoke-options.js";
import type { Logger } from "../logger/logger.js";

/** @internal How the runtime bounds a session's time: the budget, and who answers the daemon when it runs out. */
export interface SessionBudget {
  /** Milliseconds from the request's arrival. */
  readonly timeout: number;
  /** Called once, right after the session expired (its calls failed, its signal aborted). */
  onExpire(session: SessionBase, error: SessionTimeoutError): void;
}

/**
 * One daemon request being handled: the request's identity, an `AbortSignal` that fires when the session ends or
 * the connection drops, the logger, and `invoke()` for reverse calls. Plugin code sees it as a {@link Session},
 * which adds the installed extensions (`session.storage`, `session.tool`, ...).
 */
export class SessionBase {
  /** The daemon's session id; every frame of this session carries it. */
  readonly id: string;
  /** Dify conversation id, when the request came from a conversation. */
  readonly conversationId: string | null;
  /** Dify message id, when there is one. */
  readonly messageId: string | null;
  /** Dify app id, when the request came from an app. */
  readonly appId: string | null;
  /** Endpoint id, for `invoke_endpoint` sessions. */
  readonly endpointId: string | null;
  /** Dify's session context (`credentials.tool_credentials` maps provider → credential id). */
  readonly context: SessionContext;
  /** The end user (`""` for endpoint sessions). */
  readonly userId: string;
  /** The request's access type (`tool`, `model`, `endpoint`, ...). */
  readonly type: string;
  /** The request's action (`invoke_tool`, ...). */
  readonly action: string;
  /** The request payload. */
  readonly data: RequestData;
  /** Logger for this session; never prints credentials. */
  readonly logger: Logger;
  /**
   * When the session's time budget runs out (epoch ms), or `undefined` without one (`sessionTimeout` /
   * `MAX_SESSION_TIMEOUT` unset). Reverse calls still running then fail with `InvocationTimeoutError`
   * (`timer: "deadline"`) and the daemon is answered with a `SessionTimeoutError`.
   */
  readonly deadline: number | undefined;

  /**
   * @internal True once the runtime has answered the daemon for this session on its own (time budget spent,
   * shutdown, the peer gave up): the handler's later output is dropped and no second `end` is sent.
   */
  answered = false;
  private readonly controller = new AbortController();
  private readonly engine: InvocationEngine;
  private readonly budget: SessionBudget | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;

  /** @internal Sessions are created by the runtime. */
  constructor(frame: RequestFrame, engine: InvocationEngine, logger: Logger, budget?: SessionBudget) {
    this.id = frame.session_id;
    this.conversationId = frame.conversation_id ?? null;
    this.messageId = frame.message_id ?? null;
    this.appId = frame.app_id ?? null;
    this.endpointId = frame.endpoint_id ?? null;
    this.context = frame.context;
    this.data = frame.data;
    this.userId = frame.data.user_id;
    this.type = frame.data.type;
    this.action = frame.data.action;
    this.engine = engine;
    this.logger = logger;
    this.budget = budget;
    if (budget === undefined) {
      this.deadline = undefined;
    } else {
      this.deadline = Date.now() + budget.timeout;
      this.deadlineTimer = setTimeout(expire, budget.timeout, this);
    }
  }

  /** Aborts when the session ends, is cancelled, or loses its connection. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the session has ended. */
  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  /** Milliseconds left before {@link deadline} (0 once it has passed); `Infinity` when the session has none. */
  remainingTime(): number {
    if (this.deadline === undefined) return Number.POSITIVE_INFINITY;
    return Math.max(0, this.deadline - Date.now());
  }

  /** @internal True once the session ended because its budget ran out. */
  get timedOut(): boolean {
    return this.deadline !== undefined && SessionTimeoutError.isInstance(this.controller.signal.reason);
  }

  /**
   * @internal Expires the session now if its deadline has passed but its timer has not run yet (timers can fire a
   * little after `Date.now()` reaches the deadline). True once the session has timed out.
   */
  checkDeadline(): boolean {
    if (this.deadline === undefined) return false;
    if (!this.ended && Date.now() >= this.deadline) this.expire();
    return this.timedOut;
  }

  /** @internal The budget ran out: fail the calls still running, abort the signal, let the runtime answer. */
  expire(): void {
    const budget = this.budget;
    if (budget === undefined || this.ended) return;
    const error = new SessionTimeoutError(this.id, budget.timeout);
    // Calls first, so a handler awaiting one sees which timer fired rather than an abort.
    this.engine.expireSession(this.id, budget.timeout);
    this.end(error);
    budget.onExpire(this, error);
  }

  /**
   * Makes a reverse call: sends `{type, backwards_request_id, request}` as an `invoke` session message and returns
   * the stream of the `data` of each `response` event. The call also ends, with the session's reason, when the
   * session ends, times out or loses its connection. With a {@link deadline}, the call's total time is
   * `min(options.timeout, remainingTime())`: when the session's budget is what runs out, the call fails with
   * `InvocationTimeoutError` (`timer: "deadline"`); the caller's shorter `timeout` still fires as `timer: "total"`.
   * A `model` session's calls fail with `ReverseCallRefusedError` without being sent (§4.2).
   */
  invoke<T = unknown>(
    type: InvokeType | (string & {}),
    request: Record<string, unknown>,
    options: InvokeOptions = {},
  ): InvocationStream<T> {
    // The daemon refuses every reverse call of a model session (§4.2); say so before sending anything.
    if (NO_REVERSE_CALL_SESSION_TYPES.has(this.type)) {
      return failedStream<T>(type, new ReverseCallRefusedError(type, this.type));
    }
    if (this.budget !== undefined && this.checkDeadline()) {
      return this.engine.invokeExpired<T>(this.id, type, this.budget.timeout);
    }
    if (this.ended) {
      const error = new SessionClosedError(this.id);
      return this.engine.invoke<T>(this.id, type, request, {
        ...options,
        signal: AbortSignal.abort(error),
      });
    }
    return this.engine.invoke<T>(this.id, type, request, options);
  }

  /** @internal Ends the session: clears its deadline timer and aborts its signal with `reason`. */
  end(reason: Error): void {
    if (this.deadlineTimer !== undefined) {
      clearTimeout(this.deadlineTimer);
      this.deadlineTimer = undefined;
    }
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}

function expire(session: SessionBase): void {
  session.expire();
}
