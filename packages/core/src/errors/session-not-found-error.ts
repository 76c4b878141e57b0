import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/**
 * Serverless: the daemon no longer knows the session a reverse call belongs to (HTTP 400 `SessionNotFound`),
 * usually because the session expired (30 min) or the request came from another daemon.
 */
export class SessionNotFoundError extends DifyPluginError {
  /** The session the call was made for. */
  readonly sessionId: string;
  /** The `backwards_request_id` of the failed call. */
  readonly backwardsRequestId: string;
  /** The daemon's error text, verbatim. */
  readonly daemonMessage: string;

  constructor(
    details: { sessionId: string; backwardsRequestId: string; daemonMessage: string },
    options: DifyPluginErrorOptions = {},
  ) {
    super(
      "DIFY_ERR_SESSION_NOT_FOUND",
      `the daemon has no session ${details.sessionId} for this reverse call (${details.daemonMessage}); ` +
        "sessions expire after 30 minutes and only the daemon that sent the request knows them",
      options,
    );
    this.sessionId = details.sessionId;
    this.backwardsRequestId = details.backwardsRequestId;
    this.daemonMessage = details.daemonMessage;
  }
}

brandError(SessionNotFoundError, "SessionNotFoundError");
