import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "./dify-plugin-error.js";

/** A bad configuration value at start-up; `variable` names the setting (e.g. `REMOTE_INSTALL_PORT`). */
export class ConfigError extends DifyPluginError {
  /** The environment variable or option at fault. */
  readonly variable: string;

  constructor(variable: string, message: string, options: DifyPluginErrorOptions = {}) {
    super("config_error", `${variable}: ${message}`, options);
    this.variable = variable;
  }

  /** True for a `ConfigError` from any copy of the package. */
  static override isInstance(error: unknown): error is ConfigError {
    return hasCode(error, "config_error");
  }
}
