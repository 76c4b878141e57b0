/** Default inbound line limit: 64 MiB. The daemon sends large hex payloads (speech-to-text audio, endpoint bodies). */
export const DEFAULT_MAX_INBOUND_LINE = 64 * 1024 * 1024;

/** Default outbound line limit: 5 MiB, the daemon's `PLUGIN_RUNTIME_MAX_BUFFER_SIZE`; a longer stdout line gets a local plugin killed. */
export const DEFAULT_MAX_OUTBOUND_LINE = 5 * 1024 * 1024;

/** Line limits of a codec, in bytes (including the newline). */
export interface CodecLimits {
  /** Longest line accepted from the daemon. */
  maxInboundLine?: number;
  /** Longest line the plugin may write. */
  maxOutboundLine?: number;
}
