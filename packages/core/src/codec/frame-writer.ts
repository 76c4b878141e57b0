import type { Writable } from "node:stream";
import { ConnectionClosedError } from "../errors/connection-closed-error.js";

/** The part of a writable stream a {@link FrameWriter} needs. */
export type WritableLike = Pick<Writable, "write" | "once" | "off" | "writableNeedDrain" | "destroyed">;

/** Options of a {@link FrameWriter}. */
export interface FrameWriterOptions {
  /** Bytes queued behind a full stream above which the writer reports congestion. Default 1 MiB. */
  highWaterMark?: number;
  /** Called with `true` when the queue goes over `highWaterMark`, and `false` once it has drained below half of it. */
  onCongestion?(congested: boolean): void;
  /** Milliseconds the stream may stay full (no `drain`) before `onStall` is called. Default: never. */
  stallTimeout?: number;
  /** The stream accepted nothing for `stallTimeout` ms: the peer stopped reading. */
  onStall?(): void;
}

/** Default congestion threshold of a {@link FrameWriter}: 1 MiB queued behind the stream. */
export const DEFAULT_OUTBOUND_HIGH_WATER_MARK = 1024 * 1024;

/**
 * Writes whole lines to a stream, one `write()` per line, in order.
 * Each line is a single write, so two frames never interleave. When the stream pushes back, later lines wait
 * for `drain` and the returned promise resolves only once the line has been handed to the stream.
 */
export class FrameWriter {
  private readonly stream: WritableLike;
  private readonly write: (chunk: string) => boolean;
  private queue: Array<{ line: string; resolve: () => void; reject: (error: Error) => void }> = [];
  private waitingDrain = false;
  private closedError: Error | undefined;
  private queuedBytes = 0;
  private congested = false;
  private readonly highWaterMark: number;
  private readonly onCongestion: ((congested: boolean) => void) | undefined;
  private readonly options: FrameWriterOptions;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(stream: WritableLike, write?: (chunk: string) => boolean, options: FrameWriterOptions = {}) {
    this.stream = stream;
    this.write = write ?? ((chunk) => stream.write(chunk));
    this.highWaterMark = options.highWaterMark ?? DEFAULT_OUTBOUND_HIGH_WATER_MARK;
    this.onCongestion = options.onCongestion;
    this.options = options;
  }

  /** True while lines wait for the stream to drain. */
  get waiting(): boolean {
    return this.waitingDrain;
  }

  /** Bytes (UTF-16 code units, a close bound) of lines waiting for `drain`. */
  get queuedLength(): number {
    return this.queuedBytes;
  }

  /** True while more than `highWaterMark` waits behind the stream: the peer is not reading. */
  get isCongested(): boolean {
    return this.congested;
  }

  /** Writes one line (it must already end with `\n`). */
  send(line: string): Promise<void> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (this.stream.destroyed) {
      // A destroyed stream never emits `drain` again: queueing would hang the caller forever.
      this.close();
      return Promise.reject(this.closedError);
    }
    if (!this.waitingDrain && this.queue.length === 0) {
      if (!this.write(line)) this.awaitDrain();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.queuedBytes += line.length;
      if (!this.congested && this.queuedBytes > this.highWaterMark) this.setCongested(true);
    });
  }

  /** Lines waiting for `drain`. */
  get queued(): number {
    return this.queue.length;
  }

  /** Fails every queued line; later sends reject with the same error. */
  close(error: Error = new ConnectionClosedError("the output stream closed")): void {
    this.closedError ??= error;
    clearTimeout(this.stallTimer);
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    if (this.congested) this.setCongested(false);
    for (const item of queued) item.reject(this.closedError);
  }

  private setCongested(congested: boolean): void {
    this.congested = congested;
    this.onCongestion?.(congested);
  }

  private awaitDrain(): void {
    if (this.stream.destroyed) {
      this.close();
      return;
    }
    this.waitingDrain = true;
    const stallMs = this.options.stallTimeout;
    if (stallMs !== undefined && stallMs > 0 && this.options.onStall) {
      this.stallTimer = setTimeout(() => this.options.onStall?.(), stallMs);
      this.stallTimer.unref?.();
    }
    const onDrain = () => {
      this.stream.off("close", onClose);
      clearTimeout(this.stallTimer);
      this.waitingDrain = false;
      this.flush();
    };
    const onClose = () => {
      this.stream.off("drain", onDrain);
      clearTimeout(this.stallTimer);
      this.close();
    };
    this.stream.once("drain", onDrain);
    this.stream.once("close", onClose);
  }

  private flush(): void {
    // Index walk instead of shift(): a long backlog drains in linear time.
    const queue = this.queue;
    let i = 0;
    while (i < queue.length && !this.waitingDrain && this.closedError === undefined) {
      const item = queue[i++]!;
      const ok = this.write(item.line);
      this.queuedBytes -= item.line.length;
      item.resolve();
      if (!ok) this.awaitDrain();
    }
    if (this.queue === queue) this.queue = queue.slice(i);
    if (this.congested && this.queuedBytes <= this.highWaterMark / 2) this.setCongested(false);
  }
}
