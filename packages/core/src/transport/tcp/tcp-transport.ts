import { connect, type Socket } from "node:net";
import { HEARTBEAT_FRAME, type OutboundFrame } from "@x/protocol";
import { encodeFrame } from "../../codec/encode-frame.js";
import { FrameWriter } from "../../codec/frame-writer.js";
import { type CodecLimits, DEFAULT_MAX_INBOUND_LINE, DEFAULT_MAX_OUTBOUND_LINE } from "../../codec/limits.js";
import { LineDecoder } from "../../codec/line-decoder.js";
import { ConnectionClosedError } from "../../errors/connection-closed-error.js";
import { DaemonUnreachableError } from "../../errors/daemon-unreachable-error.js";
import { RegistrationRejectedError } from "../../errors/registration-rejected-error.js";
import { createLogger, type Logger } from "../../logger/logger.js";
import type { Transport } from "../transport.js";
import { type BackoffOptions, backoffDelay, sleep } from "./backoff.js";

/** Options of {@link TcpTransport}. */
export interface TcpTransportOptions extends CodecLimits {
  /** Daemon host (`REMOTE_INSTALL_HOST`). */
  host: string;
  /** Daemon remote-debugging port (`REMOTE_INSTALL_PORT`, usually 5003). */
  port: number;
  /**
   * What to send right after connecting and how to read a refusal: `remoteRegistration(...)` builds the daemon's
   * registration (handshake with the debug key, manifest, declarations, assets, `end`). The transport itself
   * knows nothing of registration.
   */
  handshake: TcpHandshake;
  /** Milliseconds between heartbeats once registered (the daemon drops a connection silent for 60 s). Default 10 000. */
  heartbeatInterval?: number;
  /** Reconnection policy. */
  reconnect?: BackoffOptions;
  /** Milliseconds allowed to connect and send the registration. Default 10 000 (the daemon's own deadline). */
  connectTimeout?: number;
  /**
   * The daemon never acknowledges a registration, it only rejects: after `end`, wait this many ms for a
   * rejection before reporting success (any frame from the daemon confirms earlier). Heartbeats and answers
   * start right after `end`, without waiting for the window. Default 300.
   */
  confirmDelay?: number;
  /** Where connection events are logged. Default: stderr, with the handshake's secrets masked. */
  logger?: Logger;
  /** Bytes queued behind an unread socket above which the runtime stops reading (backpressure). Default 1 MiB. */
  outboundHighWaterMark?: number;
  /**
   * Milliseconds the socket may accept nothing while frames wait before the connection is treated as dropped
   * (the daemon stopped reading). Default 30 000.
   */
  writeStallTimeout?: number;
}

/**
 * The opening exchange of a TCP connection: the frames written before anything else, and how a plain-text line
 * from the peer (the daemon's only way to refuse) becomes an error. Built by `remoteRegistration` in `registration/`.
 */
export interface TcpHandshake {
  /** Throws when the handshake could never succeed (nothing is sent then). Called once, before connecting. */
  check?(): void;
  /** The frames to write, in order, on every (re)connection. */
  frames(): Iterable<object>;
  /** Turns the peer's plain-text refusal line into an error; `retryable` ones are retried with backoff. */
  rejection(line: string): RegistrationRejectedError;
  /** Values never to log (the debug key). */
  readonly secrets?: readonly string[];
}

const BRACE = 0x7b;

/**
 * The remote-debugging transport (§1.3): dials the daemon, registers (handshake, manifest, declarations, assets,
 * `end`), heartbeats, and carries frames both ways. A dropped connection fails everything in flight through
 * `onreset` and reconnects with capped exponential backoff, registering again; a rejection becomes a
 * {@link RegistrationRejectedError} that says what to fix.
 */
export class TcpTransport implements Transport {
  /** Always false: the daemon drops `log` frames from remote plugins. */
  readonly acceptsLogFrames = false;
  onmessage?: (frame: unknown, bytes: number) => void;
  onerror?: (error: Error) => void;
  onclose?: (error?: Error) => void;
  onreset?: (error: Error) => void;
  onbackpressure?: (congested: boolean) => void;

  /** Longest line written, in bytes. */
  readonly maxOutboundLine: number;
  private readonly options: TcpTransportOptions;
  private readonly logger: Logger;
  private readonly address: string;
  private readonly stopping = new AbortController();
  private socket: Socket | undefined;
  private pending: Socket | undefined;
  private writer: FrameWriter | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private paused = false;
  private closed = false;
  private registrations = 0;

  constructor(options: TcpTransportOptions) {
    this.options = options;
    this.maxOutboundLine = options.maxOutboundLine ?? DEFAULT_MAX_OUTBOUND_LINE;
    this.address = `${options.host.includes(":") ? `[${options.host}]` : options.host}:${options.port}`;
    this.logger = options.logger ?? createLogger({ secrets: options.handshake.secrets ?? [] });
  }

  /** True while registered on a live connection. */
  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** How many times the plugin has registered (1 after start, +1 per reconnection). */
  get registrationCount(): number {
    return this.registrations;
  }

  /**
   * Validates, connects and registers; resolves once registered. Rejects with `RegistrationInvalidError`
   * (nothing sent), `RegistrationRejectedError` or `DaemonUnreachableError`.
   */
  async start(): Promise<void> {
    this.options.handshake.check?.();
    try {
      await this.connectWithRetry();
    } catch (error) {
      this.finish(error as Error);
      throw error;
    }
  }

  send(frame: OutboundFrame): Promise<void> {
    // Not `async`, as in the stdio transport: the writer's promise is returned as is; failures still reject.
    const writer = this.writer;
    if (!writer || this.closed) {
      return Promise.reject(
        new ConnectionClosedError(
          this.closed
            ? "the TCP transport is closed"
            : `not connected to the daemon at ${this.address} (reconnecting)`,
        ),
      );
    }
    let line: string;
    try {
      line = encodeFrame(frame, this.maxOutboundLine);
    } catch (error) {
      return Promise.reject(error);
    }
    return writer.send(line);
  }

  pause(): void {
    this.paused = true;
    this.socket?.pause();
  }

  resume(): void {
    this.paused = false;
    this.socket?.resume();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.stopping.abort();
    this.pending?.destroy();
    const socket = this.socket;
    this.detach(new ConnectionClosedError("the TCP transport is closed"));
    if (socket) {
      // Let queued frames flush, but never hang on a peer that does not read.
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    }
    this.finish();
  }

  private async connectWithRetry(): Promise<void> {
    const attempts = Math.max(1, this.options.reconnect?.attempts ?? 10);
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        const delay = backoffDelay(attempt, this.options.reconnect);
        this.logger.info(
          `retrying the daemon at ${this.address} in ${delay} ms (attempt ${attempt}/${attempts})`,
        );
        await sleep(delay, this.stopping.signal);
      }
      if (this.stopping.signal.aborted) throw new ConnectionClosedError("the TCP transport is closed");
      try {
        await this.connectOnce();
        this.registrations++;
        this.logger.info(`registered with the daemon at ${this.address}`);
        return;
      } catch (error) {
        lastError = error;
        if (RegistrationRejectedError.isInstance(error) && !error.retryable) throw error;
        if (this.stopping.signal.aborted) throw new ConnectionClosedError("the TCP transport is closed");
        this.logger.warn(`connecting to the daemon at ${this.address} failed: ${(error as Error).message}`);
      }
    }
    throw new DaemonUnreachableError(this.address, attempts, { cause: lastError });
  }

  /** One connection: dial, register, wait for a rejection window. Resolves with the socket live. */
  private connectOnce(): Promise<void> {
    const { options } = this;
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host: options.host, port: options.port });
      this.pending = socket;
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 30_000);
      let live = false;
      let settled = false;
      let rejection: string | undefined;
      let lastError: Error | undefined;
      let confirmTimer: NodeJS.Timeout | undefined;
      const timeout = options.connectTimeout ?? 10_000;
      const connectTimer = setTimeout(
        () => socket.destroy(new Error(`no connection within ${timeout} ms`)),
        timeout,
      );

      const decoder = new LineDecoder(
        {
          onFrame: (frame, bytes) => {
            // The daemon only sends frames to an initialised runtime: the first one confirms registration.
            if (!live) confirm();
            this.onmessage?.(frame, bytes);
          },
          onError: (error) => this.onerror?.(error),
        },
        { maxLine: options.maxInboundLine ?? DEFAULT_MAX_INBOUND_LINE },
      );

      const confirm = () => {
        if (settled) return;
        settled = true;
        live = true;
        clearTimeout(confirmTimer);
        this.pending = undefined;
        if (this.socket !== socket) this.attach(socket);
        resolve();
      };

      socket.on("data", (chunk: Buffer) => {
        if (rejection !== undefined) {
          rejection += chunk.toString("utf8");
          return;
        }
        if (decoder.bufferedBytes === 0) {
          // Rejections are plain text, frames are JSON objects: the first byte tells them apart.
          let i = 0;
          while (i < chunk.length && (chunk[i] === 0x0a || chunk[i] === 0x0d || chunk[i] === 0x20)) i++;
          if (i < chunk.length && chunk[i] !== BRACE) {
            const text = chunk.toString("utf8", i);
            if (!live || this.options.handshake.rejection(text).reason !== "unknown") {
              rejection = text;
              return;
            }
          }
        }
        decoder.push(chunk);
      });
      socket.on("error", (error) => {
        lastError = error;
      });
      socket.once("close", () => {
        clearTimeout(connectTimer);
        clearTimeout(confirmTimer);
        const rejected =
          rejection === undefined
            ? undefined
            : this.options.handshake.rejection(rejection.split("\n")[0] ?? "");
        if (!settled) {
          settled = true;
          if (this.pending === socket) this.pending = undefined;
          // Refused inside the confirmation window: undo the early attach, nothing was confirmed.
          if (this.socket === socket)
            this.detach(rejected ?? new ConnectionClosedError("registration failed"));
          reject(
            rejected ??
              new ConnectionClosedError(
                lastError
                  ? `connection to the daemon at ${this.address} failed: ${lastError.message}`
                  : `the daemon at ${this.address} closed the connection during registration`,
                lastError ? { cause: lastError } : {},
              ),
          );
          return;
        }
        decoder.end();
        this.onDropped(socket, rejected, lastError);
      });
      socket.once("connect", () => {
        void this.register(socket).then(
          () => {
            clearTimeout(connectTimer);
            if (settled || socket.destroyed) return;
            // Serve at once (heartbeats, answers) while the rejection window is still open: the daemon never
            // acknowledges, so waiting `confirmDelay` before the first heartbeat only delayed readiness. A
            // refusal inside the window still fails start() and undoes this.
            this.attach(socket);
            confirmTimer = setTimeout(confirm, options.confirmDelay ?? 300);
          },
          (error: Error) => socket.destroy(error),
        );
      });
    });
  }

  private async register(socket: Socket): Promise<void> {
    for (const frame of this.options.handshake.frames()) {
      if (socket.destroyed) return;
      if (!socket.write(`${JSON.stringify(frame)}\n`)) await drained(socket);
    }
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    const stall = this.options.writeStallTimeout ?? 30_000;
    this.writer = new FrameWriter(socket, undefined, {
      ...(this.options.outboundHighWaterMark === undefined
        ? {}
        : { highWaterMark: this.options.outboundHighWaterMark }),
      onCongestion: (congested) => this.onbackpressure?.(congested),
      stallTimeout: stall,
      // The daemon stopped reading (its socket buffer is full and nothing drains): treat it as a dropped
      // connection, so calls fail now and the plugin reconnects, instead of waiting for their idle timeout.
      onStall: () => socket.destroy(new Error(`the daemon read nothing for ${stall} ms (writeStallTimeout)`)),
    });
    if (this.paused) socket.pause();
    const intervalMs = this.options.heartbeatInterval ?? 10_000;
    void this.beat();
    if (intervalMs > 0) this.heartbeat = setInterval(() => void this.beat(), intervalMs);
  }

  private detach(error: Error): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.writer?.close(error);
    this.writer = undefined;
    this.socket = undefined;
  }

  private onDropped(
    socket: Socket,
    rejected: RegistrationRejectedError | undefined,
    cause: Error | undefined,
  ): void {
    if (this.socket !== socket || this.closed) return;
    const error = new ConnectionClosedError(
      `the connection to the daemon at ${this.address} dropped${cause ? ` (${cause.message})` : ""}`,
      cause ? { cause } : {},
    );
    this.detach(error);
    if (rejected && !rejected.retryable) {
      this.finish(rejected);
      return;
    }
    this.logger.warn(`${error.message}; failing in-flight calls and reconnecting`);
    this.onreset?.(error);
    this.connectWithRetry().then(
      () => undefined,
      (failure: Error) => this.finish(failure),
    );
  }

  private async beat(): Promise<void> {
    // A heartbeat behind a full socket says nothing new; queueing one every period would only grow the backlog.
    if (this.writer?.waiting) return;
    try {
      await this.send(HEARTBEAT_FRAME);
    } catch {
      // A failed heartbeat means the socket is going away; its close handler reconnects.
    }
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.stopping.abort();
    this.detach(error ?? new ConnectionClosedError("the TCP transport is closed"));
    this.onclose?.(error);
  }
}

/** Creates a {@link TcpTransport}. */
export function createTcpTransport(options: TcpTransportOptions): TcpTransport {
  return new TcpTransport(options);
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off("drain", done);
      socket.off("close", done);
      resolve();
    };
    socket.once("drain", done);
    socket.once("close", done);
  });
}
