import {
  type OutboundFrame,
  type RequestFrame,
  RequestFrameSchema,
  readBackwardsResponseEvent,
} from "@x/protocol";
import { endFrame, errorFrame, streamFrame, topLevelErrorFrame } from "../codec/frames.js";
import { ConnectionClosedError } from "../errors/connection-closed-error.js";
import { HandlerNotFoundError } from "../errors/handler-not-found-error.js";
import { ProtocolError } from "../errors/protocol-error.js";
import { SessionClosedError } from "../errors/session-closed-error.js";
import type { SessionTimeoutError } from "../errors/session-timeout-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { InvocationEngine, type InvocationStats } from "../invocation/invocation-engine.js";
import { createLogger, type Logger, stderrSink } from "../logger/logger.js";
import type { Transport } from "../transport/transport.js";
import { describeIssue } from "../validation/describe-issue.js";
import { toErrorPayload } from "./error-payload.js";
import type { Plugin } from "./plugin.js";
import { SessionBase, type SessionBudget } from "./session-base.js";
import type { SessionExtension } from "./session-extension.js";

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
}

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
  private badFrames = 0;
  private epoch = 0;
  private isClosed = false;
  private resolveClosed!: (error: Error | undefined) => void;

  constructor(options: PluginRuntimeOptions) {
    this.plugin = options.plugin;
    this.transport = options.transport;
    this.logger = options.logger ?? defaultLogger(options.transport);
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
      onBackpressure: (paused) => (paused ? this.transport.pause?.() : this.transport.resume?.()),
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
    transport.onstray = (text) => {
      // `console.log` and friends: one log record per line, never a byte on the protocol stream.
      for (const line of text.split(/\r?\n/)) if (line.trim().length > 0) this.logger.info(line);
    };
    await transport.start();
  }

  /** Closes the transport; in-flight sessions and reverse calls fail with `ConnectionClosedError`. */
  async close(): Promise<void> {
    await this.transport.close();
    this.onClose();
  }

  /** Current counters. */
  stats(): RuntimeStats {
    return { ...this.engine.stats(), sessions: this.sessions.size, badFrames: this.badFrames };
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
      if (parsed.success) this.engine.handle(parsed.data, bytes, typeof sessionId === "string" ? sessionId : "");
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
        const error = new ProtocolError(text);
        void this.sendQuietly(errorFrame(sessionId, toErrorPayload(error))).then(() =>
          this.sendQuietly(endFrame(sessionId)),
        );
        return;
      }
      this.reject(text);
      return;
    }
    this.reject(
      typeof frame === "object" && frame !== null && !Array.isArray(frame)
        ? `unknown frame event ${JSON.stringify(event ?? null)}`
        : "a frame must be a JSON object",
    );
  }

  private reject(text: string): void {
    this.badFrames++;
    this.logger.warn(text);
    void this.sendQuietly(topLevelErrorFrame(text));
  }

  private onTransportError(error: Error): void {
    this.badFrames++;
    this.logger.warn(`bad inbound line: ${error.message}`);
    void this.sendQuietly(topLevelErrorFrame(error.message));
  }

  private dispatch(frame: RequestFrame): void {
    if (this.sessions.has(frame.session_id)) {
      // Session ids are fresh UUIDs; a repeat would mix two sessions' frames, so it is refused, not run.
      this.reject(`duplicate session_id ${frame.session_id}: a session with this id is still running`);
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
    const live = () => epoch === this.epoch && !this.isClosed && !session.checkDeadline();
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
      if (live()) {
        const payload = toErrorPayload(error);
        this.logger.warn(
          `session ${id} (${session.type}/${session.action}) failed: ${payload.error_type}: ${payload.message}`,
        );
        await this.sendQuietly(errorFrame(id, payload));
      }
    } finally {
      const closed = new SessionClosedError(id);
      session.end(closed);
      this.engine.failSession(id, closed);
      if (this.sessions.get(id) === session) this.sessions.delete(id);
      if (epoch === this.epoch && !this.isClosed && !session.timedOut) await this.sendQuietly(endFrame(id));
    }
  }

  /** A session's budget ran out while its handler was still running: answer the daemon now, error then `end`. */
  private answerTimeout(session: SessionBase, error: SessionTimeoutError): void {
    const id = session.id;
    // A session of a dropped connection is already ended and never expires; this guards a closed runtime.
    if (this.isClosed || this.sessions.get(id) !== session) return;
    const payload = toErrorPayload(error);
    this.logger.warn(
      `session ${id} (${session.type}/${session.action}) failed: ${payload.error_type}: ${payload.message}`,
    );
    void this.sendQuietly(errorFrame(id, payload)).then(() => this.sendQuietly(endFrame(id)));
  }

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

function defaultLogger(transport: Transport): Logger {
  if (!transport.acceptsLogFrames) return createLogger({ sink: stderrSink() });
  return createLogger({
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
