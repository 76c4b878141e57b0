import { brandError } from "./brand.js";
import { DifyPluginError } from "./dify-plugin-error.js";

/**
 * A request arrived while the plugin already ran its maximum of concurrent sessions (`maxSessions`, `MAX_WORKER`,
 * default 1000 like the Python SDK's worker pool). It is answered at once with this error, so the daemon and Dify
 * see an overloaded plugin instead of a request that waits with no bound.
 */
export class SessionLimitError extends DifyPluginError {
  /** The limit that was reached. */
  readonly limit: number;

  constructor(limit: number) {
    super(
      "DIFY_ERR_SESSION_LIMIT",
      `the plugin is already running ${limit} sessions (MAX_WORKER / maxSessions); try again when some have finished`,
    );
    this.limit = limit;
  }
}

brandError(SessionLimitError, "SessionLimitError");
