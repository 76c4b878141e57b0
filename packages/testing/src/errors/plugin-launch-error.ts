import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** The stdio launcher could not start the plugin: it exited, or sent no heartbeat in time. */
export class PluginLaunchError extends DifyPluginError {
  /** The last bytes the child wrote to stderr (at most 1024, like the daemon keeps). */
  readonly stderr: string;
  /** The child's exit code, when it exited. */
  readonly exitCode: number | null;

  constructor(
    message: string,
    details: { stderr: string; exitCode: number | null },
    options: DifyPluginErrorOptions = {},
  ) {
    super(
      "DIFY_ERR_PLUGIN_LAUNCH_FAILED",
      details.stderr ? `${message}: ${details.stderr}` : message,
      options,
    );
    this.stderr = details.stderr;
    this.exitCode = details.exitCode;
  }
}

brandError(PluginLaunchError, "PluginLaunchError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `PluginLaunchError`. */
    DIFY_ERR_PLUGIN_LAUNCH_FAILED: true;
  }
}
