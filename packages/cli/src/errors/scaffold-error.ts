import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** `init` refused to scaffold (bad name, target folder not empty). */
export class ScaffoldError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_SCAFFOLD_FAILED", message, options);
  }
}

brandError(ScaffoldError, "ScaffoldError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `ScaffoldError`. */
    DIFY_ERR_SCAFFOLD_FAILED: true;
  }
}
