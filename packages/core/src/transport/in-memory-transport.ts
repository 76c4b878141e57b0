import type { OutboundFrame } from "@x/protocol";
import { encodeFrame } from "../codec/encode-frame.js";
import type { CodecLimits } from "../codec/limits.js";
import { DEFAULT_MAX_INBOUND_LINE, DEFAULT_MAX_OUTBOUND_LINE } from "../codec/limits.js";
import { LineDecoder } from "../codec/line-decoder.js";
import { ConnectionClosedError } from "../errors/connection-closed-error.js";
import type { Transport } from "./transport.js";

/**
 * One end of an in-process linked pair. Frames go through the real codec (JSON line encoding with the outbound
 * limit, then line decoding on the other side), delivered asynchronously and in order.
 */
export class InMemoryTransport<Out extends object = OutboundFrame> implements Transport<Out> {
  readonly acceptsLogFrames = true;
  onmessage?: (frame: unknown, bytes: number) => void;
  onerror?: (error: Error) => void;
  onclose?: (error?: Error) => void;
  onreset?: (error: Error) => void;
  onstray?: (text: string) => void;

  private peer: InMemoryTransport<object> | undefined;
  readonly maxOutboundLine: number;
  private readonly decoder: LineDecoder;
  private inbox: string[] = [];
  private paused = false;
  private started = false;
  private closed = false;
  private scheduled = false;

  private constructor(limits: CodecLimits) {
    this.maxOutboundLine = limits.maxOutboundLine ?? DEFAULT_MAX_OUTBOUND_LINE;
    this.decoder = new LineDecoder(
      {
        onFrame: (frame, bytes) => this.onmessage?.(frame, bytes),
        onError: (error) => this.onerror?.(error),
      },
      { maxLine: limits.maxInboundLine ?? DEFAULT_MAX_INBOUND_LINE },
    );
  }

  /**
   * Creates two linked transports: what one sends, the other receives. `plugin` limits apply to the plugin end
   * (its outbound limit is the daemon's 5 MiB line limit by default).
   */
  static createLinkedPair(limits: { plugin?: CodecLimits; daemon?: CodecLimits } = {}): {
    plugin: InMemoryTransport;
    daemon: InMemoryTransport<object>;
  } {
    const plugin = new InMemoryTransport(limits.plugin ?? {});
    const daemon = new InMemoryTransport<object>({
      maxOutboundLine: DEFAULT_MAX_INBOUND_LINE,
      ...limits.daemon,
    });
    plugin.peer = daemon;
    daemon.peer = plugin as InMemoryTransport<object>;
    return { plugin, daemon };
  }

  async start(): Promise<void> {
    if (this.closed) throw new ConnectionClosedError("in-memory transport already closed");
    this.started = true;
    this.schedule();
  }

  async send(frame: Out): Promise<void> {
    if (this.closed || !this.peer || this.peer.closed)
      throw new ConnectionClosedError("in-memory transport closed");
    this.sendLine(encodeFrame(frame, this.maxOutboundLine));
  }

  /** Sends raw text as-is (tests use it for garbage, split and oversized lines). */
  sendRaw(text: string): void {
    if (this.closed || !this.peer || this.peer.closed)
      throw new ConnectionClosedError("in-memory transport closed");
    this.sendLine(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inbox = [];
    const peer = this.peer;
    this.onclose?.();
    if (peer && !peer.closed) queueMicrotask(() => peer.close());
  }

  /** Simulates a dropped connection: the peer sees `onreset` (if it handles resets) or `onclose`. */
  drop(error: Error = new ConnectionClosedError("connection dropped")): void {
    const peer = this.peer;
    if (!peer || peer.closed) return;
    if (peer.onreset) peer.onreset(error);
    else void peer.close();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.schedule();
  }

  private sendLine(line: string): void {
    const peer = this.peer!;
    peer.inbox.push(line);
    peer.schedule();
  }

  private schedule(): void {
    if (this.scheduled || !this.started || this.paused || this.inbox.length === 0) return;
    this.scheduled = true;
    queueMicrotask(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    // Hand over everything queued, stopping early if a handler pauses us.
    let i = 0;
    const inbox = this.inbox;
    while (i < inbox.length && !this.paused && !this.closed) {
      this.decoder.push(inbox[i]!);
      i++;
    }
    if (i === inbox.length) this.inbox = [];
    else this.inbox = inbox.slice(i);
  }
}
