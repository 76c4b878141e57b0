import type { OutboundFrame } from "@x/protocol";

/**
 * Moves frames between the plugin runtime and the daemon (`Out` is what this end sends: P→D frames for the
 * plugin's end; a test's daemon end of an in-memory pair sends D→P frames). Kept small on purpose (start, send, close and three
 * callbacks) so stdio, TCP, HTTP and in-memory transports all fit under the same runtime.
 */
export interface Transport<Out extends object = OutboundFrame> {
  /** Opens the channel and starts delivering frames to `onmessage`. */
  start(): Promise<void>;
  /** Sends one frame. Resolves once it is handed to the channel; rejects with a typed error if it cannot be. */
  send(frame: Out): Promise<void>;
  /** Closes the channel; `onclose` fires once. */
  close(): Promise<void>;
  /** Stops delivering inbound frames (backpressure); optional. */
  pause?(): void;
  /** Resumes delivery after {@link Transport.pause}. */
  resume?(): void;
  /** Longest line this transport writes, in bytes (the runtime cuts an error payload to fit it). Default 5 MiB. */
  readonly maxOutboundLine?: number;
  /** True when `log` frames reach the daemon's log (stdio, serverless); false when the daemon drops them (TCP). */
  readonly acceptsLogFrames?: boolean;

  /** One decoded inbound frame and the size of its line in bytes. */
  onmessage?: (frame: unknown, bytes: number) => void;
  /** A recoverable problem (a malformed or oversized line). The transport keeps going. */
  onerror?: (error: Error) => void;
  /** The channel is gone for good. */
  onclose?: (error?: Error) => void;
  /** The connection dropped and the transport will reconnect: everything in flight must fail now. */
  onreset?: (error: Error) => void;
  /** Text some code wrote to a stream the transport owns (e.g. a stray `console.log` on stdio). */
  onstray?: (text: string) => void;
  /**
   * The outbound buffer went over (`true`) or back under (`false`) its byte budget: the peer is not reading. The
   * runtime stops reading new input meanwhile, so memory stays bounded end to end.
   */
  onbackpressure?: (congested: boolean) => void;
  /** The peer gave up on one session (a serverless client disconnected): the runtime cancels it. */
  oncancel?: (sessionId: string, reason: Error) => void;
  /** A reverse call ended before the daemon ended it: release what carries it (a serverless HTTP request). */
  abortInvocation?(sessionId: string, backwardsRequestId: string): void;
}
