import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** The caller's `AbortSignal` fired; `cause` holds the signal's reason. */
export class AbortedError extends DifyPluginError {
  constructor(message = "the operation was aborted", options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_ABORTED", message, options);
  }
}

brandError(AbortedError, "AbortedError");
