import { brandError } from "./brand.js";
import { DifyPluginError } from "./dify-plugin-error.js";

/**
 * The plugin is stopping (SIGTERM, SIGINT or `shutdown()`): every session still running is answered with this
 * error and `end` before the process exits, so the daemon does not wait for its own timeout.
 */
export class ShutdownError extends DifyPluginError {
  /** Why the plugin stops, e.g. `SIGTERM`. */
  readonly reason: string;

  constructor(reason: string) {
    super("DIFY_ERR_SHUTDOWN", `the plugin is shutting down (${reason}) and stopped this request`);
    this.reason = reason;
  }
}

brandError(ShutdownError, "ShutdownError");
