import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/** The plugin project could not be read, bundled or imported; `file` names what to fix. */
export class PluginLoadError extends DifyPluginError {
  /** The file at fault (package.json, the entry module, ...), relative to the project when possible. */
  readonly file: string;

  constructor(file: string, message: string, options: DifyPluginErrorOptions = {}) {
    super("plugin_load_failed", `${file}: ${message}`, options);
    this.file = file;
  }

  /** True for a `PluginLoadError` from any copy of the package. */
  static override isInstance(error: unknown): error is PluginLoadError {
    return hasCode(error, "plugin_load_failed");
  }
}
