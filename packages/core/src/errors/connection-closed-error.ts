import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** The connection to the daemon closed or dropped while something was in flight. */
export class ConnectionClosedError extends DifyPluginError {
  constructor(message = "the connection to the plugin daemon closed", options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_CONNECTION_CLOSED", message, options);
  }
}

brandError(ConnectionClosedError, "ConnectionClosedError");
