import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** The plugin could not (re)connect to the daemon's remote-debugging port after every allowed attempt. */
export class DaemonUnreachableError extends DifyPluginError {
  /** `host:port` that was dialled. */
  readonly address: string;
  /** How many connection attempts were made. */
  readonly attempts: number;

  constructor(address: string, attempts: number, options: DifyPluginErrorOptions = {}) {
    const last = options.cause instanceof Error ? ` (last error: ${options.cause.message})` : "";
    super(
      "DIFY_ERR_DAEMON_UNREACHABLE",
      `could not connect to the plugin daemon at ${address} after ${attempts} attempt${attempts === 1 ? "" : "s"}${last}; ` +
        "check that Dify is running and that REMOTE_INSTALL_URL points at its remote-debugging port (default 5003)",
      options,
    );
    this.address = address;
    this.attempts = attempts;
  }
}

brandError(DaemonUnreachableError, "DaemonUnreachableError");
