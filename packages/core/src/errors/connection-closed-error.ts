import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "./dify-plugin-error.js";

/** The connection to the daemon closed or dropped while something was in flight. */
export class ConnectionClosedError extends DifyPluginError {
  constructor(message = "the connection to the plugin daemon closed", options: DifyPluginErrorOptions = {}) {
    super("connection_closed", message, options);
  }

  /** True for a `ConnectionClosedError` from any copy of the package. */
  static override isInstance(error: unknown): error is ConnectionClosedError {
    return hasCode(error, "connection_closed");
  }
}
