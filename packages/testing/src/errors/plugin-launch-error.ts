import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

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
    super("plugin_launch_failed", details.stderr ? `${message}: ${details.stderr}` : message, options);
    this.stderr = details.stderr;
    this.exitCode = details.exitCode;
  }

  /** True for a `PluginLaunchError` from any copy of the package. */
  static override isInstance(error: unknown): error is PluginLaunchError {
    return hasCode(error, "plugin_launch_failed");
  }
}
