import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/** `init` refused to scaffold (bad name, target folder not empty). */
export class ScaffoldError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("scaffold_failed", message, options);
  }

  /** True for a `ScaffoldError` from any copy of the package. */
  static override isInstance(error: unknown): error is ScaffoldError {
    return hasCode(error, "scaffold_failed");
  }
}
