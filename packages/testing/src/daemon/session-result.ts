import type { ErrorPayload } from "@x/protocol";
import type { RecordedCall } from "../mock/recorded-call.js";

/** What one request produced, as the daemon saw it. */
export interface SessionResult {
  /** The session id the request used. */
  readonly sessionId: string;
  /** The `data` of every `stream` session message, in order (wire shapes, not decoded). */
  readonly items: unknown[];
  /** The session's `error` message, or the daemon's synthetic `ConnectionClosedError` when the connection went. */
  readonly error: ErrorPayload | null;
  /** The reverse calls the plugin made in this session. */
  readonly calls: RecordedCall[];
  /** `end` when the plugin ended the session, `connection_closed` when the connection went first. */
  readonly closedBy: "end" | "connection_closed";
}

/** The synthetic error every in-flight session gets when the connection closes (§1.3.3). */
export const CONNECTION_CLOSED_PAYLOAD: ErrorPayload = Object.freeze({
  error_type: "ConnectionClosedError",
  message: "Connection closed unexpectedly",
  args: {},
}) as ErrorPayload;
