import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "./dify-plugin-error.js";

/** The caller's `AbortSignal` fired; `cause` holds the signal's reason. */
export class AbortedError extends DifyPluginError {
  constructor(message = "the operation was aborted", options: DifyPluginErrorOptions = {}) {
    super("aborted", message, options);
  }

  /** True for an `AbortedError` from any copy of the package. */
  static override isInstance(error: unknown): error is AbortedError {
    return hasCode(error, "aborted");
  }
}
