import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/** A request the fake daemon sent got no `end` from the plugin within the allowed time. */
export class DaemonRequestTimeoutError extends DifyPluginError {
  /** The session id of the request. */
  readonly sessionId: string;
  /** The limit that was exceeded, in ms. */
  readonly timeout: number;

  constructor(sessionId: string, timeout: number, options: DifyPluginErrorOptions = {}) {
    super("daemon_request_timeout", `session ${sessionId} did not end within ${timeout} ms`, options);
    this.sessionId = sessionId;
    this.timeout = timeout;
  }

  /** True for a `DaemonRequestTimeoutError` from any copy of the package. */
  static override isInstance(error: unknown): error is DaemonRequestTimeoutError {
    return hasCode(error, "daemon_request_timeout");
  }
}
