import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** A bad configuration value at start-up; `variable` names the setting (e.g. `REMOTE_INSTALL_PORT`). */
export class ConfigError extends DifyPluginError {
  /** The environment variable or option at fault. */
  readonly variable: string;

  constructor(variable: string, message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_CONFIG", `${variable}: ${message}`, options);
    this.variable = variable;
  }
}

brandError(ConfigError, "ConfigError");
