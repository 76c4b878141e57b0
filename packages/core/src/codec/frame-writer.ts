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
  /**
   * Lines sent in the same event-loop turn go out in one `write()` of up to this many UTF-16 code units (a
   * batch is written at once when it reaches the budget, otherwise at `setImmediate`). `0` writes every line
   * on its own. Default 2 Ki.
   */
  coalesceBytes?: number;
}

/**
 * Default write batch of a {@link FrameWriter}: 2 Ki code units, about a dozen reverse-call frames. Small on
 * purpose: the daemon starts on the first batch while the rest is still being built. Measured with `pnpm bench`,
 * 100 calls in flight over stdio: 8.7 µs per call at 2 Ki against 10.8 at 64 Ki (one write per burst), CPU per
 * call within noise.
 */
export const DEFAULT_COALESCE_BYTES = 2 * 1024;

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Default congestion threshold of a {@link FrameWriter}: 1 MiB queued behind the stream. */
export const DEFAULT_OUTBOUND_HIGH_WATER_MARK = 1024 * 1024;

/**
 * Writes whole lines to a stream, in order, never splitting one: lines sent in the same event-loop turn are
 * joined into one `write()` (bounded by `coalesceBytes`), so a burst of answers costs one syscall instead of one
 * per frame (measured: the native write was 29% of busy time with one write per frame under 1,000 pipelined
 * calls). When the stream pushes back, later lines wait for `drain`; the returned promise resolves once the line
 * has been handed to the stream.
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
  private readonly coalesceBytes: number;
  private batch: string[] = [];
  private batchBytes = 0;
  private batchDone: Deferred | undefined;
  private batchTimer: NodeJS.Immediate | undefined;

  constructor(stream: WritableLike, write?: (chunk: string) => boolean, options: FrameWriterOptions = {}) {
    this.stream = stream;
    this.write = write ?? ((chunk) => stream.write(chunk));
    this.highWaterMark = options.highWaterMark ?? DEFAULT_OUTBOUND_HIGH_WATER_MARK;
    this.onCongestion = options.onCongestion;
    this.options = options;
    this.coalesceBytes = options.coalesceBytes ?? DEFAULT_COALESCE_BYTES;
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
      if (this.coalesceBytes <= 0) {
        if (!this.write(line)) this.awaitDrain();
        return Promise.resolve();
      }
      // Invariant: a batch exists only while nothing waits for drain, so it always precedes the queue.
      this.batch.push(line);
      this.batchBytes += line.length;
      this.batchDone ??= deferred();
      const done = this.batchDone.promise;
      if (this.batchBytes >= this.coalesceBytes) this.flushBatch();
      else this.batchTimer ??= setImmediate(this.flushBatchSoon);
      return done;
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

  /**
   * Fails every line waiting for `drain`; later sends reject with the same error. Lines batched in this turn are
   * still written first when the stream is open, as they would have been without batching.
   */
  close(error: Error = new ConnectionClosedError("the output stream closed")): void {
    if (this.batch.length > 0 && this.closedError === undefined) this.flushBatch(true);
    this.closedError ??= error;
    clearTimeout(this.stallTimer);
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    if (this.congested) this.setCongested(false);
    for (const item of queued) item.reject(this.closedError);
  }

  private readonly flushBatchSoon = (): void => {
    this.batchTimer = undefined;
    this.flushBatch();
  };

  private flushBatch(closing = false): void {
    if (this.batchTimer !== undefined) {
      clearImmediate(this.batchTimer);
      this.batchTimer = undefined;
    }
    const lines = this.batch;
    const done = this.batchDone;
    this.batch = [];
    this.batchBytes = 0;
    this.batchDone = undefined;
    if (lines.length === 0 || done === undefined) return;
    if (this.stream.destroyed) {
      const error = this.closedError ?? new ConnectionClosedError("the output stream closed");
      done.reject(error);
      if (!closing) this.close(error);
      return;
    }
    const ok = this.write(lines.length === 1 ? lines[0]! : lines.join(""));
    done.resolve();
    if (!ok && !closing) this.awaitDrain();
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
