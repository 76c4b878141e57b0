import type { Writable } from "node:stream";
import { ConnectionClosedError } from "../errors/connection-closed-error.js";

/** The part of a writable stream a {@link FrameWriter} needs. */
export type WritableLike = Pick<Writable, "write" | "once" | "off" | "writableNeedDrain" | "destroyed">;

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

  constructor(stream: WritableLike, write?: (chunk: string) => boolean) {
    this.stream = stream;
    this.write = write ?? ((chunk) => stream.write(chunk));
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
    return new Promise((resolve, reject) => this.queue.push({ line, resolve, reject }));
  }

  /** Lines waiting for `drain`. */
  get queued(): number {
    return this.queue.length;
  }

  /** Fails every queued line; later sends reject with the same error. */
  close(error: Error = new ConnectionClosedError("the output stream closed")): void {
    this.closedError ??= error;
    const queued = this.queue;
    this.queue = [];
    for (const item of queued) item.reject(this.closedError);
  }

  private awaitDrain(): void {
    if (this.stream.destroyed) {
      this.close();
      return;
    }
    this.waitingDrain = true;
    const onDrain = () => {
      this.stream.off("close", onClose);
      this.waitingDrain = false;
      this.flush();
    };
    const onClose = () => {
      this.stream.off("drain", onDrain);
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
      item.resolve();
      if (!ok) this.awaitDrain();
    }
    if (this.queue === queue) this.queue = queue.slice(i);
  }
}
