import { brandError } from "@x/core/internal";
import { DifyPluginError, type DifyPluginErrorOptions } from "@x/core";

/** The plugin project could not be read, bundled or imported; `file` names what to fix. */
export class PluginLoadError extends DifyPluginError {
  /** The file at fault (package.json, the entry module, ...), relative to the project when possible. */
  readonly file: string;

  constructor(file: string, message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_PLUGIN_LOAD_FAILED", `${file}: ${message}`, options);
    this.file = file;
  }
}

brandError(PluginLoadError, "PluginLoadError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `PluginLoadError`. */
    DIFY_ERR_PLUGIN_LOAD_FAILED: true;
  }
}
