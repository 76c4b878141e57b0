import type { Readable, Writable } from "node:stream";
import { HEARTBEAT_FRAME, type OutboundFrame } from "@x/protocol";
import { encodeFrame } from "../codec/encode-frame.js";
import { FrameWriter } from "../codec/frame-writer.js";
import type { CodecLimits } from "../codec/limits.js";
import { DEFAULT_MAX_OUTBOUND_LINE } from "../codec/limits.js";
import { LineDecoder } from "../codec/line-decoder.js";
import { ConnectionClosedError } from "../errors/connection-closed-error.js";
import type { Transport } from "./transport.js";

/** Options of {@link createStdioTransport}. */
export interface StdioTransportOptions extends CodecLimits {
  /** Where daemon frames come from. Default `process.stdin`. */
  stdin?: Readable;
  /** Where frames go. Default `process.stdout`. Nothing else may write to it while the transport runs. */
  stdout?: Writable;
  /** Milliseconds between heartbeats, sent from the start (the daemon waits up to 120 s for the first). Default 10 000. */
  heartbeatInterval?: number;
  /**
   * Take over `stdout.write` so stray writes (`console.log`, a library printing) go to `onstray` (the runtime
   * turns them into log records) instead of corrupting the protocol. Default true.
   */
  guardStdout?: boolean;
  /**
   * Exit the process once stdin reaches EOF (the daemon closed the pipe): the transport closes, in-flight calls
   * fail, and if something still holds the event loop open after a short grace period the process exits with
   * code 0. Default: true when reading the real `process.stdin`, false for injected streams.
   */
  exitOnEnd?: boolean;
  /**
   * Bytes of frames queued behind an unread stdout above which the runtime stops reading stdin (backpressure end
   * to end). Default 1 MiB.
   */
  outboundHighWaterMark?: number;
}

/** Grace period between stdin EOF and a forced exit, for last log lines and stderr to flush. */
const EXIT_GRACE_MS = 500;

/** The local runtime's transport: frames on stdin/stdout, heartbeats from the start, exit on stdin EOF. */
export function createStdioTransport(options: StdioTransportOptions = {}): Transport {
  return new StdioTransport(options);
}

class StdioTransport implements Transport {
  readonly acceptsLogFrames = true;
  onmessage?: (frame: unknown, bytes: number) => void;
  onerror?: (error: Error) => void;
  onclose?: (error?: Error) => void;
  onstray?: (text: string) => void;
  onbackpressure?: (congested: boolean) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly heartbeatMs: number;
  private readonly guardStdout: boolean;
  private readonly exitOnEnd: boolean;
  private readonly outboundHighWaterMark: number | undefined;
  readonly maxOutboundLine: number;
  private readonly decoder: LineDecoder;
  private writer: FrameWriter | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private originalWrite: Writable["write"] | undefined;
  private started = false;
  private closed = false;

  constructor(options: StdioTransportOptions) {
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
    this.heartbeatMs = options.heartbeatInterval ?? 10_000;
    this.guardStdout = options.guardStdout ?? true;
    this.exitOnEnd = options.exitOnEnd ?? options.stdin === undefined;
    this.outboundHighWaterMark = options.outboundHighWaterMark;
    this.maxOutboundLine = options.maxOutboundLine ?? DEFAULT_MAX_OUTBOUND_LINE;
    this.decoder = new LineDecoder(
      {
        onFrame: (frame, bytes) => this.onmessage?.(frame, bytes),
        onError: (error) => this.onerror?.(error),
      },
      options.maxInboundLine === undefined ? {} : { maxLine: options.maxInboundLine },
    );
  }

  async start(): Promise<void> {
    if (this.closed) throw new ConnectionClosedError("stdio transport already closed");
    if (this.started) return;
    this.started = true;
    const stdout = this.stdout;
    const write = stdout.write;
    const rawWrite = (chunk: string): boolean => (write as (chunk: string) => boolean).call(stdout, chunk);
    if (this.guardStdout) {
      this.originalWrite = write;
      // Everything that is not a frame is diverted; the daemon would otherwise see a non-JSON line.
      stdout.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
        try {
          this.onstray?.(text);
        } catch {
          // a failing log sink must not break the caller's console.log
        }
        const done = typeof encoding === "function" ? encoding : callback;
        if (typeof done === "function") queueMicrotask(() => (done as () => void)());
        return true;
      }) as Writable["write"];
    }
    this.writer = new FrameWriter(stdout, rawWrite, {
      ...(this.outboundHighWaterMark === undefined ? {} : { highWaterMark: this.outboundHighWaterMark }),
      onCongestion: (congested) => this.onbackpressure?.(congested),
    });
    this.stdin.on("data", this.onData);
    this.stdin.once("end", this.onEnd);
    this.stdin.once("close", this.onEnd);
    this.stdin.on("error", this.onInputError);
    // Kept for the life of the process: an EPIPE after close must not become an uncaught exception.
    stdout.on("error", this.onOutputError);
    this.stdin.resume();
    void this.beat();
    if (this.heartbeatMs > 0) this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
  }

  send(frame: OutboundFrame): Promise<void> {
    // Not `async`: the writer's promise is handed back as is, so a frame costs no extra promise and microtask
    // (this runs once per reverse call). Failures still arrive as a rejected promise, never as a throw.
    if (this.closed || !this.writer)
      return Promise.reject(new ConnectionClosedError("stdio transport is closed"));
    let line: string;
    try {
      line = encodeFrame(frame, this.maxOutboundLine);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.send(line);
  }

  pause(): void {
    this.stdin.pause();
  }

  resume(): void {
    if (!this.closed) this.stdin.resume();
  }

  async close(): Promise<void> {
    this.shutdown();
  }

  private readonly onData = (chunk: Buffer | string) => this.decoder.push(chunk);

  private readonly onEnd = () => {
    if (this.closed) return;
    this.decoder.end();
    this.shutdown();
    if (this.exitOnEnd) setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
  };

  private readonly onInputError = (error: Error) => {
    this.shutdown(new ConnectionClosedError(`stdin failed: ${error.message}`, { cause: error }));
  };

  private readonly onOutputError = (error: Error) => {
    this.shutdown(new ConnectionClosedError(`stdout failed: ${error.message}`, { cause: error }));
  };

  private async beat(): Promise<void> {
    // A heartbeat behind a full pipe says nothing new; queueing one every period would only grow the backlog.
    if (this.writer?.waiting) return;
    try {
      await this.send(HEARTBEAT_FRAME);
    } catch (error) {
      if (!this.closed) this.onerror?.(error as Error);
    }
  }

  private shutdown(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.stdin.off("data", this.onData);
    this.stdin.off("end", this.onEnd);
    this.stdin.off("close", this.onEnd);
    this.stdin.pause();
    this.writer?.close(error);
    if (this.originalWrite) this.stdout.write = this.originalWrite;
    this.onclose?.(error);
  }
}
