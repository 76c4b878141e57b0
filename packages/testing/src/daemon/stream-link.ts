import type { Readable, Writable } from "node:stream";
import { ConnectionClosedError, type Transport } from "@x/core";
import { DEFAULT_MAX_INBOUND_LINE, encodeFrame, FrameWriter, LineDecoder } from "@x/core/internal";

/** The daemon's end of a connection: a {@link Transport} that can also drop the connection abruptly. */
export interface DaemonLink extends Transport<object> {
  /** Cuts the connection as a crash or network failure would (no goodbye). */
  drop?(): void;
}

/** Options of {@link StreamLink}. */
export interface StreamLinkOptions {
  /** Longest line accepted from the plugin (default 64 MiB: the TCP daemon has no explicit limit). */
  maxLine?: number;
  /** Called to cut the connection abruptly (e.g. `socket.destroy()`, `child.kill()`). */
  destroy: () => void;
  /** Called for a graceful close (e.g. `socket.end()`, `stdin.end()`). */
  end: () => void;
}

/**
 * A daemon-side transport over a byte stream pair (a TCP socket, or a child's stdout and stdin): decodes the
 * plugin's lines with the real codec and writes one line per frame. It starts reading as soon as it is built, so
 * a registration phase can read lines before the session phase takes over the callbacks.
 */
export class StreamLink implements DaemonLink {
  onmessage?: (frame: unknown, bytes: number) => void;
  onerror?: (error: Error) => void;
  onclose?: (error?: Error) => void;

  private readonly writer: FrameWriter;
  private readonly options: StreamLinkOptions;
  private closed = false;

  constructor(input: Readable, output: Writable, options: StreamLinkOptions) {
    this.options = options;
    this.writer = new FrameWriter(output);
    const decoder = new LineDecoder(
      {
        onFrame: (frame, bytes) => this.onmessage?.(frame, bytes),
        onError: (error) => this.onerror?.(error),
      },
      { maxLine: options.maxLine ?? DEFAULT_MAX_INBOUND_LINE },
    );
    input.on("data", (chunk: Buffer) => {
      if (!this.closed) decoder.push(chunk);
    });
    input.once("close", () => this.markClosed());
    input.once("end", () => this.markClosed());
    input.once("error", (error: Error) => this.markClosed(error));
    output.once("error", (error: Error) => this.markClosed(error));
  }

  /** True once the connection is gone. */
  get isClosed(): boolean {
    return this.closed;
  }

  async start(): Promise<void> {
    if (this.closed) throw new ConnectionClosedError("the plugin connection is already closed");
  }

  async send(frame: object): Promise<void> {
    if (this.closed) throw new ConnectionClosedError("the plugin connection is closed");
    await this.writer.send(encodeFrame(frame, Number.POSITIVE_INFINITY));
  }

  /** Writes raw text as-is (the daemon's plain-text rejection lines). */
  async sendRaw(text: string): Promise<void> {
    if (this.closed) throw new ConnectionClosedError("the plugin connection is closed");
    await this.writer.send(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.options.end();
    this.markClosed();
  }

  drop(): void {
    if (this.closed) return;
    this.options.destroy();
    this.markClosed(new ConnectionClosedError("the fake daemon dropped the connection"));
  }

  private markClosed(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.close(error ?? new ConnectionClosedError("the plugin connection closed"));
    this.onclose?.(error);
  }
}
