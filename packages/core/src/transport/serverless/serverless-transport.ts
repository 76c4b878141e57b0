import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OutboundFrame, SessionFrame } from "@x/protocol";
import type { Dispatcher } from "undici";
import { encodeFrame } from "../../codec/encode-frame.js";
import { FrameWriter } from "../../codec/frame-writer.js";
import { endFrame, errorFrame } from "../../codec/frames.js";
import { type CodecLimits, DEFAULT_MAX_OUTBOUND_LINE } from "../../codec/limits.js";
import { ConnectionClosedError } from "../../errors/connection-closed-error.js";
import { createLogger, type Logger } from "../../logger/logger.js";
import { nodeHttp } from "../../util/builtins.js";
import type { Transport } from "../transport.js";
import { TransactionClient } from "./transaction-client.js";

/** Options of {@link ServerlessTransport}. */
export interface ServerlessTransportOptions extends CodecLimits {
  /** Interface to listen on (`SERVERLESS_HOST`). Default `0.0.0.0`. */
  host?: string;
  /** Port to listen on (`SERVERLESS_PORT`); 0 picks a free one. Default 8080. */
  port?: number;
  /** Base URL of the daemon for reverse calls (`DIFY_PLUGIN_DAEMON_URL`). Default `http://localhost:5002`. */
  daemonUrl?: string;
  /** undici dispatcher for reverse calls (inject a `MockAgent` or a tuned `Agent`). Default: a keep-alive `Agent`. */
  dispatcher?: Dispatcher;
  /** Milliseconds a reverse call may wait for headers or its next chunk (`MAX_INVOCATION_TIMEOUT`). Default 250 000. */
  invocationTimeout?: number;
  /** Milliseconds an `/invoke` response may go without output before it is ended (`MAX_REQUEST_TIMEOUT`). Default 300 000. */
  requestTimeout?: number;
  /** Largest `/invoke` body accepted, in bytes (413 above). Default 5 MiB, the daemon's own limit. */
  maxRequestBytes?: number;
  /** Largest reverse-call request body in bytes. Default 6 MiB (the daemon's limit). */
  maxTransactionBytes?: number;
  /** Where transport events are logged. Default stderr. */
  logger?: Logger;
}

/** The daemon's `MAX_SERVERLESS_REQUEST_BYTES` default: it refuses to send a larger `/invoke` body (§1.4.2). */
export const MAX_SERVERLESS_REQUEST_BYTES = 5 * 1024 * 1024;

/** How many served session ids are remembered to refuse retries (the daemon's session cache lives 30 min). */
const MAX_SERVED_SESSIONS = 100_000;

interface OpenResponse {
  res: ServerResponse;
  writer: FrameWriter;
  idle: NodeJS.Timeout | undefined;
}

/**
 * The serverless runtime (§1.4): an HTTP server whose `POST /invoke` takes one request frame and streams the
 * session's frames back, one per line, ending after `end`; `GET /health` answers `OK`. Reverse calls go out of
 * band to the daemon's `/backwards-invocation/transaction` and their answers come back through `onmessage`, so
 * the runtime works unchanged. No heartbeats.
 */
export class ServerlessTransport implements Transport {
  /** True: the daemon logs `log` frames found in an `/invoke` response. */
  readonly acceptsLogFrames = true;
  onmessage?: (frame: unknown, bytes: number) => void;
  onerror?: (error: Error) => void;
  onclose?: (error?: Error) => void;
  oncancel?: (sessionId: string, reason: Error) => void;

  private readonly options: ServerlessTransportOptions;
  private readonly logger: Logger;
  private readonly client: TransactionClient;
  private readonly responses = new Map<string, OpenResponse>();
  /** The reverse-call HTTP requests in flight, by session and `backwards_request_id`. */
  private readonly transactions = new Map<string, Map<string, AbortController>>();
  /** Session ids already served (bounded): a retry of one is refused, never served another run's frames. */
  private readonly served = new Map<string, true>();
  readonly maxOutboundLine: number;
  private server: Server | undefined;
  private closed = false;

  constructor(options: ServerlessTransportOptions = {}) {
    this.options = options;
    this.logger = options.logger ?? createLogger();
    this.maxOutboundLine = options.maxOutboundLine ?? DEFAULT_MAX_OUTBOUND_LINE;
    this.client = new TransactionClient({
      daemonUrl: options.daemonUrl ?? "http://localhost:5002",
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.invocationTimeout === undefined ? {} : { timeout: options.invocationTimeout }),
      ...(options.maxTransactionBytes === undefined ? {} : { maxBodyBytes: options.maxTransactionBytes }),
      ...(options.maxInboundLine === undefined ? {} : { maxLine: options.maxInboundLine }),
    });
  }

  /** The address the server listens on (after `start`). */
  address(): { host: string; port: number } {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new ConnectionClosedError("the serverless transport is not listening");
    return { host: address.address, port: address.port };
  }

  /** `/invoke` responses still streaming. */
  get openResponses(): number {
    return this.responses.size;
  }

  async start(): Promise<void> {
    if (this.closed) throw new ConnectionClosedError("the serverless transport is closed");
    const server = nodeHttp().createServer((req, res) => this.route(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 8080, this.options.host ?? "0.0.0.0", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { host, port } = this.address();
    this.logger.info(
      `serverless plugin listening on http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    );
  }

  async send(frame: OutboundFrame): Promise<void> {
    if (this.closed) throw new ConnectionClosedError("the serverless transport is closed");
    if (frame.event === "session") {
      if (frame.data.type === "invoke") {
        // Reverse calls are out of band here: an in-band invoke would be refused by the daemon (§1.4.2).
        const sessionId = frame.session_id;
        const requestId = frame.data.data.backwards_request_id;
        const controller = new AbortController();
        let group = this.transactions.get(sessionId);
        if (!group) {
          group = new Map();
          this.transactions.set(sessionId, group);
        }
        group.set(requestId, controller);
        try {
          await this.client.invoke(
            frame as SessionFrame & { data: { type: "invoke" } },
            {
              onFrame: (item, bytes) => this.onmessage?.(item, bytes),
              onError: (error) => this.onerror?.(error),
            },
            controller.signal,
          );
        } finally {
          group.delete(requestId);
          if (group.size === 0 && this.transactions.get(sessionId) === group)
            this.transactions.delete(sessionId);
        }
        return;
      }
      await this.writeTo(frame.session_id, frame, frame.data.type === "end");
      return;
    }
    if (frame.event === "log") {
      // A log line belongs to no session; any open response carries it to the daemon's log.
      const [first] = this.responses.keys();
      if (first !== undefined) {
        await this.writeTo(first, frame, false);
      } else {
        // Between requests nothing reaches the daemon: keep the line on stderr rather than lose it.
        process.stderr.write(`[${frame.data.level}] ${frame.data.message}\n`);
      }
      return;
    }
    if (frame.event === "heartbeat") return;
    this.logger.warn(`dropping a ${frame.event} frame with no session to carry it`);
  }

  /** A reverse call ended early (aborted, timed out): its HTTP request is released now, not when the session ends. */
  abortInvocation(sessionId: string, backwardsRequestId: string): void {
    this.transactions.get(sessionId)?.get(backwardsRequestId)?.abort();
  }

  pause(): void {
    this.client.pause();
  }

  resume(): void {
    this.client.resume();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const open of this.responses.values()) this.finish(open);
    this.responses.clear();
    await this.client.close();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.onclose?.();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health") {
      if (req.method !== "GET" && req.method !== "HEAD") {
        plain(res, 405, "method not allowed");
        return;
      }
      plain(res, 200, "OK");
      return;
    }
    if (path !== "/invoke") {
      plain(res, 404, "not found");
      return;
    }
    if (req.method !== "POST") {
      plain(res, 405, "method not allowed");
      return;
    }
    this.readBody(req).then(
      (body) => this.invoke(body, res),
      (error: Error) => plain(res, 413, error.message),
    );
  }

  private readBody(req: IncomingMessage): Promise<Buffer> {
    const max = this.options.maxRequestBytes ?? MAX_SERVERLESS_REQUEST_BYTES;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          req.removeAllListeners("data");
          req.resume();
          reject(new Error(`request body exceeds ${max} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      req.once("end", () => resolve(Buffer.concat(chunks, size)));
      req.once("error", reject);
    });
  }

  private invoke(body: Buffer, res: ServerResponse): void {
    if (this.closed) {
      plain(res, 503, "the plugin is shutting down");
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(body.toString("utf8"));
    } catch {
      // V8's message quotes the start of the body, which may hold credentials: not echoed.
      plain(res, 400, "invalid JSON request frame: the body is not one JSON object");
      return;
    }
    const f = frame as { event?: unknown; session_id?: unknown };
    if (typeof frame !== "object" || frame === null || f.event !== "request") {
      plain(res, 400, 'the body must be one frame with "event": "request"');
      return;
    }
    if (typeof f.session_id !== "string" || f.session_id.length === 0) {
      plain(res, 400, "the request frame has no session_id");
      return;
    }
    const sessionId = f.session_id;
    if (this.responses.has(sessionId)) {
      plain(res, 409, `session ${sessionId} is already running`);
      return;
    }
    if (this.served.has(sessionId)) {
      // The daemon retries a 502 with the same session id: the first run's frames are gone, and a second run
      // would report success for work it never did.
      plain(res, 409, `session ${sessionId} has already run in this plugin; a retry of it is refused`);
      return;
    }
    this.served.set(sessionId, true);
    if (this.served.size > MAX_SERVED_SESSIONS) {
      const oldest = this.served.keys().next().value;
      if (oldest !== undefined) this.served.delete(oldest);
    }
    res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-cache" });
    res.flushHeaders();
    const open: OpenResponse = { res, writer: new FrameWriter(res), idle: undefined };
    const idleMs = this.options.requestTimeout ?? 300_000;
    if (idleMs > 0 && Number.isFinite(idleMs)) {
      open.idle = setTimeout(() => this.expire(sessionId, open, idleMs), idleMs);
    }
    this.responses.set(sessionId, open);
    res.once("close", () => {
      if (this.responses.get(sessionId) !== open) return;
      // The daemon went away before `end` (a client disconnect): the session is cancelled, its reverse calls
      // and their HTTP requests with it.
      this.responses.delete(sessionId);
      clearTimeout(open.idle);
      this.abortTransactions(sessionId);
      this.oncancel?.(
        sessionId,
        new ConnectionClosedError(
          `the daemon closed the /invoke response of session ${sessionId} before its end`,
        ),
      );
    });
    this.onmessage?.(frame, body.length);
  }

  private async writeTo(sessionId: string, frame: OutboundFrame, last: boolean): Promise<void> {
    const open = this.responses.get(sessionId);
    // No open response: the daemon stopped listening (timeout, disconnect); nothing can carry the frame.
    if (!open) return;
    const line = encodeFrame(frame, this.maxOutboundLine);
    open.idle?.refresh();
    if (last) {
      this.responses.delete(sessionId);
      clearTimeout(open.idle);
      // The runtime has already failed this session's calls; free the HTTP requests still streaming for them.
      this.abortTransactions(sessionId);
    }
    try {
      await open.writer.send(line);
    } finally {
      if (last) open.res.end();
    }
  }

  private abortTransactions(sessionId: string): void {
    for (const controller of this.transactions.get(sessionId)?.values() ?? []) controller.abort();
  }

  private expire(sessionId: string, open: OpenResponse, ms: number): void {
    if (this.responses.get(sessionId) !== open) return;
    this.responses.delete(sessionId);
    this.logger.warn(
      `session ${sessionId} produced no output for ${ms} ms (MAX_REQUEST_TIMEOUT); ending its response`,
    );
    const payload = {
      error_type: "RequestTimeoutError",
      message: `the plugin produced no output for ${ms} ms (MAX_REQUEST_TIMEOUT)`,
      args: null,
    };
    void open.writer
      .send(encodeFrame(errorFrame(sessionId, payload), this.maxOutboundLine))
      .then(() => open.writer.send(encodeFrame(endFrame(sessionId), this.maxOutboundLine)))
      .catch(() => undefined)
      .finally(() => open.res.end());
  }

  private finish(open: OpenResponse): void {
    clearTimeout(open.idle);
    open.writer.close(new ConnectionClosedError("the serverless transport is closed"));
    open.res.end();
  }
}

/** Creates a {@link ServerlessTransport}. */
export function createServerlessTransport(options: ServerlessTransportOptions = {}): ServerlessTransport {
  return new ServerlessTransport(options);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
