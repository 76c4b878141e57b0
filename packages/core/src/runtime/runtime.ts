import {
  type OutboundFrame,
  type RequestFrame,
  RequestFrameSchema,
  readBackwardsResponseEvent,
} from "@x/protocol";
import { loadZodSoon } from "@x/protocol/zod";
import { endFrame, errorFrame, streamFrame, topLevelErrorFrame } from "../codec/frames.js";
import { DEFAULT_MAX_OUTBOUND_LINE } from "../codec/limits.js";
import { ConnectionClosedError } from "../errors/connection-closed-error.js";
import { HandlerNotFoundError } from "../errors/handler-not-found-error.js";
import { ProtocolError } from "../errors/protocol-error.js";
import { SessionClosedError } from "../errors/session-closed-error.js";
import { SessionLimitError } from "../errors/session-limit-error.js";
import type { SessionTimeoutError } from "../errors/session-timeout-error.js";
import { ShutdownError } from "../errors/shutdown-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { InvocationEngine, type InvocationStats } from "../invocation/invocation-engine.js";
import { createLogger, type Logger, stderrSink } from "../logger/logger.js";
import { SecretValues } from "../logger/secrets.js";
import type { Transport } from "../transport/transport.js";
import { describeIssue } from "../validation/describe-issue.js";
import { safeErrorPayload, toErrorPayload } from "./error-payload.js";
import type { Plugin } from "./plugin.js";
import { SessionBase, type SessionBudget } from "./session-base.js";
import type { SessionExtension } from "./session-extension.js";

/** How long after start the runtime loads zod if no request has loaded it yet (ms). */
const ZOD_PRELOAD_DELAY_MS = 200;

/** Options of a {@link PluginRuntime}. */
export interface PluginRuntimeOptions {
  /** The plugin's handlers and extensions. */
  plugin: Plugin;
  /** How frames reach the daemon. */
  transport: Transport;
  /** Logger; default: daemon `log` events when the transport carries them, otherwise stderr. */
  logger?: Logger;
  /**
   * Time budget of each session in ms, from the request's arrival (default none). When it runs out, the session's
   * signal aborts with `SessionTimeoutError`, its reverse calls fail with `InvocationTimeoutError`
   * (`timer: "deadline"`), and the daemon gets that error and `end`; the handler's later output is dropped.
   * Keep it a little under the daemon's `PLUGIN_MAX_EXECUTION_TIMEOUT` (600 s by default).
   */
  sessionTimeout?: number;
  /**
   * Most sessions running at once (default 1000, the Python SDK's `MAX_WORKER`). A request over it is answered at
   * once with `SessionLimitError` and `end`.
   */
  maxSessions?: number;
  /**
   * Secret values masked in every log line and error text (default: a fresh set). The runtime adds the
   * credentials and settings of every request to it; `runPlugin` seeds it with the debug key.
   */
  secrets?: SecretValues;
  /** Defaults for reverse calls. */
  invocation?: {
    /** Idle timeout in ms (default 250 000). */
    idleTimeout?: number;
    /** Total timeout in ms (default none). */
    timeout?: number;
    /** Unread response bytes above which inbound reading pauses (default 16 MiB). */
    highWaterMark?: number;
  };
}

/** Counters of a running plugin. */
export interface RuntimeStats extends InvocationStats {
  /** Sessions whose handler is still running. */
  sessions: number;
  /** Inbound frames that could not be parsed or routed. */
  badFrames: number;
  /** Requests refused because `maxSessions` sessions were running. */
  refused: number;
  /** True while the outbound buffer is over its budget (the daemon is not reading) and input is not read. */
  congested: boolean;
}

/** Default of `maxSessions`: the Python SDK's `MAX_WORKER`. */
export const DEFAULT_MAX_SESSIONS = 1000;

/**
 * Runs a {@link Plugin} over a {@link Transport}: routes each `request` to its handler in a new {@link Session},
 * streams the results back, and carries reverse calls out and their answers in. Sessions run concurrently; bad
 * input is logged and answered, never fatal.
 */
export class PluginRuntime {
  /** The runtime's logger. */
  readonly logger: Logger;
  /**
   * Resolves once the transport has closed and every session has been failed: with the error that closed it
   * (e.g. a `RegistrationRejectedError`), or `undefined` for a clean close.
   */
  readonly closed: Promise<Error | undefined>;

  private readonly plugin: Plugin;
  private readonly transport: Transport;
  private readonly engine: InvocationEngine;
  private readonly sessions = new Map<string, SessionBase>();
  private readonly SessionClass: SessionClass;
  private readonly budget: SessionBudget | undefined;
  private readonly maxSessions: number;
  private readonly secrets: SecretValues;
  private readonly maxLine: number;
  /** Why inbound reading is paused: `engine` (unread answers over budget), `output` (the daemon is not reading). */
  private readonly pausedFor = new Set<"engine" | "output">();
  private badFrames = 0;
  private refused = 0;
  private shuttingDown = false;
  private epoch = 0;
  private isClosed = false;
  private resolveClosed!: (error: Error | undefined) => void;

  constructor(options: PluginRuntimeOptions) {
    this.plugin = options.plugin;
    this.transport = options.transport;
    this.secrets = options.secrets ?? new SecretValues();
    this.logger = options.logger ?? defaultLogger(options.transport, this.secrets);
    this.maxSessions = checkMaxSessions(options.maxSessions ?? DEFAULT_MAX_SESSIONS);
    this.maxLine = options.transport.maxOutboundLine ?? DEFAULT_MAX_OUTBOUND_LINE;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.engine = new InvocationEngine({
      send: (frame) => this.transport.send(frame),
      ...(options.invocation?.idleTimeout === undefined
        ? {}
        : { defaultIdleTimeout: options.invocation.idleTimeout }),
      ...(options.invocation?.timeout === undefined ? {} : { defaultTimeout: options.invocation.timeout }),
      ...(options.invocation?.highWaterMark === undefined
        ? {}
        : { highWaterMark: options.invocation.highWaterMark }),
      onBackpressure: (paused) => this.pauseFor("engine", paused),
      onAbandon: (sessionId, id) => this.transport.abortInvocation?.(sessionId, id),
    });
    this.SessionClass = sessionClassWith(this.plugin.sessionExtensions());
    this.budget =
      options.sessionTimeout === undefined
        ? undefined
        : {
            timeout: checkSessionTimeout(options.sessionTimeout),
            onExpire: (session, error) => this.answerTimeout(session, error),
          };
  }

  /** Wires the transport and starts it. */
  async start(): Promise<void> {
    const transport = this.transport;
    transport.onmessage = (frame, bytes) => this.onFrame(frame, bytes);
    transport.onerror = (error) => this.onTransportError(error);
    transport.onclose = (error) => this.onClose(error);
    transport.onreset = (error) => this.onReset(error);
    transport.onbackpressure = (congested) => this.pauseFor("output", congested);
    transport.oncancel = (sessionId, reason) => this.cancel(sessionId, reason);
    transport.onstray = (text) => {
      // `console.log` and friends: one log record per line, never a byte on the protocol stream.
      for (const line of text.split(/\r?\n/)) if (line.trim().length > 0) this.logger.info(line);
    };
    await transport.start();
    // The plugin is up (its first heartbeat or registration is out): zod, which the built SDK loads on first use
    // (@x/protocol's lazy-zod.ts), is loaded in the quiet after start, so the first request does not pay for it.
    // A request that comes sooner loads it itself. (From source, zod is already loaded and this does nothing.)
    loadZodSoon(ZOD_PRELOAD_DELAY_MS);
  }

  /** Closes the transport; in-flight sessions and reverse calls fail with `ConnectionClosedError`. */
  async close(): Promise<void> {
    await this.transport.close();
    this.onClose();
  }

  /**
   * Stops the plugin gracefully: no new request is read, every session still running is answered with a
   * `ShutdownError` and `end` (its signal aborts with that error, its reverse calls fail), the frames are flushed
   * for at most `drainTimeout` ms (default 2 000), then the transport closes. Resolves once closed.
   */
  async shutdown(options: { reason?: string; drainTimeout?: number } = {}): Promise<void> {
    if (this.isClosed || this.shuttingDown) return this.close();
    this.shuttingDown = true;
    this.transport.pause?.();
    const error = new ShutdownError(options.reason ?? "shutdown");
    const answers: Array<Promise<void>> = [];
    for (const session of [...this.sessions.values()]) {
      if (session.ended) continue;
      session.end(error);
      this.engine.failSession(session.id, error);
      answers.push(this.answerNow(session, error));
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(answers),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.drainTimeout ?? 2000);
      }),
    ]);
    clearTimeout(timer);
    await this.close();
  }

  /** Current counters. */
  stats(): RuntimeStats {
    return {
      ...this.engine.stats(),
      sessions: this.sessions.size,
      badFrames: this.badFrames,
      refused: this.refused,
      congested: this.pausedFor.has("output"),
    };
  }

  /** Pauses inbound reading while any reason holds; resumes when none does. */
  private pauseFor(reason: "engine" | "output", paused: boolean): void {
    const before = this.pausedFor.size > 0;
    if (paused) this.pausedFor.add(reason);
    else this.pausedFor.delete(reason);
    const after = this.pausedFor.size > 0;
    if (after && !before) this.transport.pause?.();
    else if (!after && before && !this.shuttingDown) this.transport.resume?.();
  }

  private onFrame(frame: unknown, bytes: number): void {
    try {
      this.route(frame, bytes);
    } catch (error) {
      // Nothing a frame contains may stop the read loop.
      this.badFrames++;
      this.logger.error(`failed to handle an inbound frame: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private route(frame: unknown, bytes: number): void {
    const event =
      typeof frame === "object" && frame !== null ? (frame as { event?: unknown }).event : undefined;
    if (event === "backwards_response") {
      const parsed = readBackwardsResponseEvent((frame as { data?: unknown }).data);
      const sessionId = (frame as { session_id?: unknown }).session_id;
      if (parsed.success)
        this.engine.handle(parsed.data, bytes, typeof sessionId === "string" ? sessionId : "");
      else this.reject(`invalid backwards_response frame: ${parsed.error}`);
      return;
    }
    if (event === "request") {
      const parsed = RequestFrameSchema.safeParse(frame);
      if (parsed.success) {
        this.dispatch(parsed.data);
        return;
      }
      const text = `invalid request frame: ${describeIssue(parsed.error, { subject: "frame" })}`;
      const sessionId = (frame as { session_id?: unknown }).session_id;
      if (typeof sessionId === "string" && sessionId.length > 0 && !this.sessions.has(sessionId)) {
        // The daemon is waiting on this session: answer it (error, then end) rather than leave it hanging.
        this.badFrames++;
        this.logger.warn(text, { session_id: sessionId });
        void this.answer(sessionId, new ProtocolError(text));
        return;
      }
      this.reject(text);
      return;
    }
    this.reject(
      typeof frame === "object" && frame !== null && !Array.isArray(frame)
        ? `unknown frame event (${describeEvent(event)}): expected "request" or "backwards_response"`
        : "a frame must be a JSON object",
    );
  }

  private reject(text: string): void {
    this.badFrames++;
    const masked = this.secrets.mask(text);
    this.logger.warn(masked);
    // The top-level answer is informational (the daemon drops it on local and remote runtimes): while the daemon
    // is not reading, it is not queued at all, so a flood of bad lines cannot grow the output buffer.
    if (!this.pausedFor.has("output")) void this.sendQuietly(topLevelErrorFrame(masked));
  }

  private onTransportError(error: Error): void {
    this.reject(`bad inbound line: ${error.message}`);
  }

  private dispatch(frame: RequestFrame): void {
    const data = frame.data as Record<string, unknown>;
    // Mask by value: what Dify decrypted for this request must never come back in a log line or an error text.
    this.secrets.addAll(data.credentials);
    this.secrets.addAll(data.settings);
    this.secrets.addAll(data.system_credentials);
    if (this.sessions.has(frame.session_id)) {
      // Session ids are fresh UUIDs; a repeat would mix two sessions' frames, so it is refused, not run.
      this.reject(`duplicate session_id ${frame.session_id}: a session with this id is still running`);
      return;
    }
    if (this.shuttingDown) {
      void this.answer(frame.session_id, new ShutdownError("shutting down"));
      return;
    }
    if (this.sessions.size >= this.maxSessions) {
      this.refused++;
      void this.answer(frame.session_id, new SessionLimitError(this.maxSessions));
      return;
    }
    const session = new this.SessionClass(frame, this.engine, this.logger, this.budget);
    const handler = this.plugin.handler(session.type, session.action);
    void this.run(session, handler, this.epoch);
  }

  private async run(
    session: SessionBase,
    handler: ReturnType<Plugin["handler"]>,
    epoch: number,
  ): Promise<void> {
    const id = session.id;
    this.sessions.set(id, session);
    // Once the session timed out the runtime has answered it: nothing the handler produces afterwards is sent.
    const live = () =>
      epoch === this.epoch && !this.isClosed && !session.checkDeadline() && !session.answered;
    const send = (frame: OutboundFrame) => (live() ? this.transport.send(frame) : undefined);
    try {
      if (!handler) throw new HandlerNotFoundError(session.type, session.action);
      const result = await handler(session as Parameters<typeof handler>[0], session.data);
      if (isStreamResult(result)) {
        // `undefined` has no JSON form (the frame would lack `data` and the daemon would drop it): skipped.
        for await (const item of result) if (item !== undefined) await send(streamFrame(id, item));
      } else if (result !== undefined) {
        await send(streamFrame(id, result));
      }
    } catch (error) {
      if (live() && !session.ended) await this.sendError(session, error);
    } finally {
      const closed = new SessionClosedError(id);
      session.end(closed);
      this.engine.failSession(id, closed);
      if (this.sessions.get(id) === session) this.sessions.delete(id);
      if (epoch === this.epoch && !this.isClosed && !session.answered) await this.sendQuietly(endFrame(id));
    }
  }

  /** A session's budget ran out while its handler was still running: answer the daemon now, error then `end`. */
  private answerTimeout(session: SessionBase, error: SessionTimeoutError): void {
    // A session of a dropped connection is already ended and never expires; this guards a closed runtime.
    if (this.isClosed || this.sessions.get(session.id) !== session) return;
    void this.answerNow(session, error);
  }

  /** The peer gave up on `sessionId` (serverless disconnect): its handler is aborted and nothing more is sent. */
  private cancel(sessionId: string, reason: Error): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.ended) return;
    session.answered = true;
    session.end(reason);
    this.engine.failSession(sessionId, reason);
  }

  /** Answers a running session at once (error, then `end`); whatever its handler does afterwards is dropped. */
  private async answerNow(session: SessionBase, error: Error): Promise<void> {
    session.answered = true;
    await this.sendError(session, error);
    await this.sendQuietly(endFrame(session.id));
  }

  /** Answers a request that never became a running session: error, then `end`. */
  private async answer(sessionId: string, error: Error): Promise<void> {
    this.logger.warn(`session ${sessionId} refused: ${this.secrets.mask(error.message)}`);
    await this.sendQuietly(
      errorFrame(sessionId, safeErrorPayload(toErrorPayload(error), this.maxLine, this.mask)),
    );
    await this.sendQuietly(endFrame(sessionId));
  }

  /** The session's one `error` message: masked, and cut to fit the line limit rather than dropped. */
  private async sendError(session: SessionBase, error: unknown): Promise<void> {
    const payload = safeErrorPayload(toErrorPayload(error), this.maxLine, this.mask);
    this.logger.warn(
      `session ${session.id} (${session.type}/${session.action}) failed: ${payload.error_type}: ${payload.message}`,
    );
    await this.sendQuietly(errorFrame(session.id, payload));
  }

  private readonly mask = (text: string): string => this.secrets.mask(text);

  private async sendQuietly(frame: OutboundFrame): Promise<void> {
    try {
      await this.transport.send(frame);
    } catch (error) {
      this.logger.debug(`could not send frame: ${(error as Error).message}`);
    }
  }

  private onReset(error: Error): void {
    // Sessions of the old connection are gone on the daemon side: fail them and never answer them.
    this.epoch++;
    const closed =
      error instanceof ConnectionClosedError
        ? error
        : new ConnectionClosedError(error.message, { cause: error });
    for (const session of this.sessions.values()) session.end(closed);
    this.engine.failAll(closed);
    this.sessions.clear();
  }

  private onClose(error?: Error): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const closed = new ConnectionClosedError(
      error ? `the connection to the daemon closed: ${error.message}` : "the connection to the daemon closed",
      error ? { cause: error } : {},
    );
    for (const session of this.sessions.values()) session.end(closed);
    this.engine.failAll(closed);
    this.resolveClosed(error);
  }
}

/** Longest delay `setTimeout` honours (about 24.8 days); a larger one would fire after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

function checkSessionTimeout(ms: number): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0 || ms > MAX_TIMER_MS) {
    throw new ValidationError(`must be a positive number of milliseconds up to ${MAX_TIMER_MS}, got ${ms}`, {
      field: "sessionTimeout",
    });
  }
  return ms;
}

/**
 * A handler's result is streamed item by item when it is a generator (sync or async) or any async iterable
 * (e.g. an `InvocationStream` passed straight through). Arrays and other plain values are one item.
 */
function isStreamResult(value: unknown): value is AsyncIterable<unknown> | Iterable<unknown> {
  if (typeof value !== "object" || value === null) return false;
  if (Symbol.asyncIterator in value) return true;
  return Symbol.iterator in value && typeof (value as { next?: unknown }).next === "function";
}

/** The `event` of a bad frame, described without echoing its value (it may hold anything, a secret included). */
function describeEvent(event: unknown): string {
  if (event === undefined) return "missing";
  if (typeof event === "string") return `a string of ${event.length} characters`;
  return event === null ? "null" : typeof event;
}

function checkMaxSessions(value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ValidationError(`must be a positive integer, got ${value}`, { field: "maxSessions" });
  }
  return value;
}

function defaultLogger(transport: Transport, secrets: SecretValues): Logger {
  if (!transport.acceptsLogFrames) return createLogger({ sink: stderrSink(), secrets });
  return createLogger({
    secrets,
    sink: (record) => {
      transport
        .send({ event: "log", session_id: null, data: record })
        .catch(() => process.stderr.write(`[${record.level}] ${record.message}\n`));
    },
  });
}

type SessionClass = new (...args: ConstructorParameters<typeof SessionBase>) => SessionBase;

/**
 * The session class of one plugin: `SessionBase` plus a lazy getter per installed extension (the API is built on
 * first access and cached on the session). Extensions not installed resolve to `SessionBase`'s getter, which throws
 * `ExtensionNotInstalledError`.
 */
function sessionClassWith(extensions: readonly SessionExtension[]): SessionClass {
  class PluginSession extends SessionBase {}
  for (const extension of extensions) {
    Object.defineProperty(PluginSession.prototype, extension.name, {
      configurable: true,
      get(this: SessionBase) {
        const api = extension.create(this);
        Object.defineProperty(this, extension.name, { value: api, enumerable: false });
        return api;
      },
    });
  }
  return PluginSession;
}
