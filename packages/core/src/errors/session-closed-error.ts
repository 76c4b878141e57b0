import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** A reverse call was started, or was still running, after its session ended. */
export class SessionClosedError extends DifyPluginError {
  /** The session that had already ended. */
  readonly sessionId: string;

  constructor(sessionId: string, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_SESSION_CLOSED",
      `session ${sessionId} has ended; reverse calls must finish before the handler returns`,
      options,
    );
    this.sessionId = sessionId;
  }
}

brandError(SessionClosedError, "SessionClosedError");
