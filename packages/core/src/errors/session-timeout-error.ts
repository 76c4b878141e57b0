import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/**
 * A session ran past its time budget (`sessionTimeout` / `MAX_SESSION_TIMEOUT`). The runtime answers the daemon with
 * this error before the daemon's own `PLUGIN_MAX_EXECUTION_TIMEOUT` turns it into a bare "killed by timeout".
 */
export class SessionTimeoutError extends DifyPluginError {
  /** The session that ran out of time. */
  readonly sessionId: string;
  /** The session's budget, in milliseconds. */
  readonly ms: number;

  constructor(sessionId: string, ms: number, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_SESSION_TIMEOUT",
      `session ${sessionId} did not finish within its ${ms} ms budget; raise MAX_SESSION_TIMEOUT ` +
        "(seconds; PluginRuntime option sessionTimeout, in ms), keeping it under the daemon's " +
        "PLUGIN_MAX_EXECUTION_TIMEOUT, or make the handler finish sooner",
      options,
    );
    this.sessionId = sessionId;
    this.ms = ms;
  }
}

brandError(SessionTimeoutError, "SessionTimeoutError");
