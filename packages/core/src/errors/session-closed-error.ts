import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "./dify-plugin-error.js";

/** A reverse call was started, or was still running, after its session ended. */
export class SessionClosedError extends DifyPluginError {
  /** The session that had already ended. */
  readonly sessionId: string;

  constructor(sessionId: string, options: DifyPluginErrorOptions = {}) {
    super(
      "session_closed",
      `session ${sessionId} has ended; reverse calls must finish before the handler returns`,
      options,
    );
    this.sessionId = sessionId;
  }

  /** True for a `SessionClosedError` from any copy of the package. */
  static override isInstance(error: unknown): error is SessionClosedError {
    return hasCode(error, "session_closed");
  }
}
