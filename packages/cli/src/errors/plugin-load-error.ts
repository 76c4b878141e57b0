import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** Options of {@link PluginLoadError}: where in `file` the problem is. */
export interface PluginLoadErrorOptions extends DifyPluginErrorOptions {
  /** 1-based line in `file`. */
  line?: number;
  /** The field at fault (e.g. `identity.name`). */
  field?: string;
}

/** The plugin project could not be read, bundled or imported; `file` (and `line`, `field`) name what to fix. */
export class PluginLoadError extends DifyPluginError {
  /** The file at fault (package.json, the entry module, a tool's module, ...), relative to the project when possible. */
  readonly file: string;
  /** 1-based line in `file`, when known. */
  readonly line: number | undefined;
  /** The field at fault, when known. */
  readonly field: string | undefined;

  constructor(file: string, message: string, options: PluginLoadErrorOptions = {}) {
    const where = `${file}${options.line ? `:${options.line}` : ""}${options.field ? ` (${options.field})` : ""}`;
    super("DIFY_ERR_PLUGIN_LOAD_FAILED", `${where}: ${message}`, options);
    this.file = file;
    this.line = options.line;
    this.field = options.field;
  }
}

brandError(PluginLoadError, "PluginLoadError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `PluginLoadError`. */
    DIFY_ERR_PLUGIN_LOAD_FAILED: true;
  }
}
