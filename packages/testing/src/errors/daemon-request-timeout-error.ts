import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** A request the fake daemon sent got no `end` from the plugin within the allowed time. */
export class DaemonRequestTimeoutError extends DifyPluginError {
  /** The session id of the request. */
  readonly sessionId: string;
  /** The limit that was exceeded, in ms. */
  readonly timeout: number;

  constructor(sessionId: string, timeout: number, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_DAEMON_REQUEST_TIMEOUT",
      `session ${sessionId} did not end within ${timeout} ms`,
      options,
    );
    this.sessionId = sessionId;
    this.timeout = timeout;
  }
}

brandError(DaemonRequestTimeoutError, "DaemonRequestTimeoutError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `DaemonRequestTimeoutError`. */
    DIFY_ERR_DAEMON_REQUEST_TIMEOUT: true;
  }
}
