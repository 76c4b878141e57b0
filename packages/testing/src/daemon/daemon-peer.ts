import { randomUUID } from "node:crypto";
import { AbortedError, ConnectionClosedError } from "@x/core";
import { describeIssue } from "@x/core/internal";
import { type ErrorPayload, type InvokePayload, OutboundFrameSchema, type SessionMessage } from "@x/protocol";
import { DaemonRequestTimeoutError } from "../errors/daemon-request-timeout-error.js";
import type { MockDify } from "../mock/mock-dify.js";
import type { ManifestPermissions } from "../mock/permissions.js";
import type { RecordedCall } from "../mock/recorded-call.js";
import { sortKeysLikeGo } from "./go-json.js";
import { playReply } from "./play-reply.js";
import { CONNECTION_CLOSED_PAYLOAD, type SessionResult } from "./session-result.js";
import type { DaemonLink } from "./stream-link.js";

/** Default time a request may take before it fails with {@link DaemonRequestTimeoutError}: 60 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** The envelope keys of a request (§2.1). */
export interface SessionEnvelope {
  /** Session id (default: a fresh uuid). */
  sessionId?: string;
  /** `conversation_id`. */
  conversationId?: string | null;
  /** `message_id`. */
  messageId?: string | null;
  /** `app_id`. */
  appId?: string | null;
  /** `endpoint_id`. */
  endpointId?: string | null;
  /** `context` (e.g. `{ credentials: { tool_credentials: { provider: "credential-id" } } }`). */
  context?: Record<string, unknown>;
}

/** Options of {@link DaemonPeer.request}. */
export interface DaemonRequestOptions extends SessionEnvelope {
  /** Stops waiting; the request then rejects with `AbortedError`. */
  signal?: AbortSignal;
  /** Longest wait in ms for the session's `end` (default 60 000; `Infinity` waits forever). */
  timeout?: number;
  /** Sees each `stream` item as it arrives, before the session ends (e.g. an endpoint's body chunks). */
  onStream?: (item: unknown) => void;
}

/** Which way a frame went: `in` = plugin → daemon, `out` = daemon → plugin. */
export type FrameDirection = "in" | "out";

/** A frame the daemon would drop or reject, with the reason. */
export interface FrameProblem {
  readonly frame: unknown;
  readonly reason: string;
}

/** Options of {@link DaemonPeer}. */
export interface DaemonPeerOptions {
  /** Answers the plugin's reverse calls. */
  dify: MockDify;
  /** Permissions of the registered manifest, when there is one (they decide permission denials). */
  permissions?: () => ManifestPermissions | undefined;
  /** Sees every frame in both directions (the CLI prints them). */
  observe?: (direction: FrameDirection, frame: unknown) => void;
  /** Default request timeout in ms (default 60 000). */
  requestTimeout?: number;
}

interface OpenSession {
  readonly userId: string;
  readonly envelope: Record<string, unknown>;
  readonly items: unknown[];
  readonly calls: RecordedCall[];
  readonly onStream: ((item: unknown) => void) | undefined;
  error: ErrorPayload | null;
  settle: (closedBy: "end" | "connection_closed") => void;
}

/**
 * The daemon's side of one plugin connection: sends requests, collects each session's messages, answers reverse
 * calls from a {@link MockDify}, and notes heartbeats, logs and frames the daemon would refuse. Works over any
 * {@link DaemonLink}: the in-memory pair, a TCP socket, or a child process's pipes.
 */
export class DaemonPeer {
  /** Every `log` frame's data, in order. */
  readonly logs: unknown[] = [];
  /** Every top-level `error` frame's data. */
  readonly topLevelErrors: unknown[] = [];
  /** Frames the real daemon would drop or refuse, and lines that were not JSON. */
  readonly problems: FrameProblem[] = [];

  private readonly link: DaemonLink;
  private readonly options: DaemonPeerOptions;
  private readonly sessions = new Map<string, OpenSession>();
  private readonly stop = new AbortController();
  private heartbeatCount = 0;
  private heartbeatWaiters: Array<() => void> = [];
  private closeWaiters: Array<(error?: Error) => void> = [];
  private closed = false;
  private closeError: Error | undefined;

  constructor(link: DaemonLink, options: DaemonPeerOptions) {
    this.link = link;
    this.options = options;
    link.onmessage = (frame) => this.onFrame(frame);
    link.onerror = (error) => {
      this.options.observe?.("in", { unreadable: error.message });
      this.problems.push({ frame: null, reason: `unreadable line: ${error.message}` });
    };
    link.onclose = (error) => this.onClose(error);
  }

  /** Heartbeats received so far. */
  get heartbeats(): number {
    return this.heartbeatCount;
  }

  /** True once the connection is gone. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Starts the link. */
  async start(): Promise<void> {
    await this.link.start();
  }

  /** Resolves on the first heartbeat (at once if one came already); rejects if the connection closes first. */
  firstHeartbeat(): Promise<void> {
    if (this.heartbeatCount > 0) return Promise.resolve();
    if (this.closed)
      return Promise.reject(this.closeError ?? new ConnectionClosedError("the plugin disconnected"));
    return new Promise((resolve, reject) => {
      this.heartbeatWaiters.push(resolve);
      this.closeWaiters.push((error) =>
        reject(error ?? new ConnectionClosedError("the plugin disconnected before its first heartbeat")),
      );
    });
  }

  /** Resolves when the connection closes. */
  waitClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.push(() => resolve()));
  }

  /**
   * Sends a `request` frame for `(type, action)` with `data` and waits for the session's `end`.
   * Resolves with everything the session sent; rejects only on timeout or abort.
   */
  request(
    type: string,
    action: string,
    data: Record<string, unknown> = {},
    options: DaemonRequestOptions = {},
  ): Promise<SessionResult> {
    const sessionId = options.sessionId ?? randomUUID();
    const envelope = {
      session_id: sessionId,
      conversation_id: options.conversationId ?? null,
      message_id: options.messageId ?? null,
      app_id: options.appId ?? null,
      endpoint_id: options.endpointId ?? null,
      context: options.context ?? {},
    };
    const payload = sortKeysLikeGo({ user_id: "", ...data, type, action });
    const frame = { ...envelope, event: "request", data: payload };
    const timeout = options.timeout ?? this.options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;

    return new Promise<SessionResult>((resolve, reject) => {
      if (this.sessions.has(sessionId)) {
        reject(new RangeError(`session ${sessionId} is already in flight`));
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        this.sessions.delete(sessionId);
      };
      const onAbort = () => {
        cleanup();
        reject(new AbortedError(`request ${type}/${action} aborted`, { cause: options.signal?.reason }));
      };
      const session: OpenSession = {
        userId: typeof data.user_id === "string" ? data.user_id : "",
        envelope,
        items: [],
        calls: [],
        onStream: options.onStream,
        error: null,
        settle: (closedBy) => {
          cleanup();
          resolve({ sessionId, items: session.items, error: session.error, calls: session.calls, closedBy });
        },
      };
      if (options.signal?.aborted) {
        onAbort();
        return;
      }
      if (this.closed) {
        reject(this.closeError ?? new ConnectionClosedError("the plugin connection is closed"));
        return;
      }
      this.sessions.set(sessionId, session);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (Number.isFinite(timeout)) {
        timer = setTimeout(() => {
          cleanup();
          reject(new DaemonRequestTimeoutError(sessionId, timeout));
        }, timeout);
      }
      this.send(frame).catch((error: unknown) => {
        cleanup();
        reject(error);
      });
    });
  }

  /** Closes the connection gracefully; in-flight sessions end with the daemon's `ConnectionClosedError`. */
  async close(): Promise<void> {
    await this.link.close();
    this.onClose();
  }

  /** Drops the connection abruptly, as a crash would. */
  drop(): void {
    if (this.link.drop) this.link.drop();
    else void this.link.close();
    // An in-memory drop keeps the pair usable (the plugin reconnects); the sessions in flight are gone either way.
    this.failSessions();
  }

  private async send(frame: object): Promise<void> {
    this.options.observe?.("out", frame);
    await this.link.send(frame);
  }

  private onFrame(frame: unknown): void {
    this.options.observe?.("in", frame);
    const event =
      typeof frame === "object" && frame !== null ? (frame as { event?: unknown }).event : undefined;
    if (event !== "session" && event !== "heartbeat" && event !== "log" && event !== "error") {
      // The daemon ignores JSON without a known event (e.g. the Python SDK's manifest line on stdio).
      this.problems.push({ frame, reason: `ignored: unknown event ${JSON.stringify(event ?? null)}` });
      return;
    }
    const parsed = OutboundFrameSchema.safeParse(frame);
    if (!parsed.success) {
      this.problems.push({
        frame,
        reason: `invalid ${String(event)} frame: ${describeIssue(parsed.error, { subject: "frame" })}`,
      });
      return;
    }
    const value = parsed.data;
    switch (value.event) {
      case "heartbeat":
        this.heartbeatCount++;
        for (const waiter of this.heartbeatWaiters.splice(0)) waiter();
        return;
      case "log":
        this.logs.push(value.data);
        return;
      case "error":
        this.topLevelErrors.push(value.data);
        return;
      case "session":
        this.onSessionMessage(value.session_id, value.data);
        return;
    }
  }

  private onSessionMessage(sessionId: string, message: SessionMessage): void {
    const session = this.sessions.get(sessionId);
    if (message.type === "invoke") {
      void this.serve(sessionId, session, message.data);
      return;
    }
    if (!session) {
      this.problems.push({ frame: message, reason: `dropped: no open session ${sessionId}` });
      return;
    }
    switch (message.type) {
      case "stream":
        session.items.push(message.data);
        session.onStream?.(message.data);
        return;
      case "error":
        session.error = message.data;
        return;
      case "end":
        session.settle("end");
        return;
    }
  }

  private async serve(
    sessionId: string,
    session: OpenSession | undefined,
    payload: InvokePayload,
  ): Promise<void> {
    const { call, steps } = this.options.dify.answer(
      {
        type: payload.type,
        request: payload.request,
        sessionId,
        backwardsRequestId: payload.backwards_request_id,
        userId: session?.userId ?? "",
      },
      { permissions: this.options.permissions?.() },
    );
    session?.calls.push(call);
    const envelope = session?.envelope ?? { session_id: sessionId };
    const reply = (event: "response" | "error" | "end", message: string, data: unknown) =>
      this.send({
        ...envelope,
        event: "backwards_response",
        data: { backwards_request_id: payload.backwards_request_id, event, message, data },
      });
    try {
      await playReply(steps, reply, () => this.drop(), this.stop.signal);
    } catch (error) {
      if (this.closed) return;
      this.problems.push({ frame: payload, reason: `could not answer: ${(error as Error).message}` });
    }
  }

  private onClose(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    this.stop.abort();
    this.failSessions();
    for (const waiter of this.closeWaiters.splice(0)) waiter(error);
  }

  private failSessions(): void {
    for (const session of [...this.sessions.values()]) {
      session.error = { ...CONNECTION_CLOSED_PAYLOAD, args: {} };
      session.settle("connection_closed");
    }
  }
}
