import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/** A signing key is not in a format the daemon (or the signer) reads, or a package cannot be signed. */
export class SigningError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("signing_failed", message, options);
  }

  /** True for a `SigningError` from any copy of the package. */
  static override isInstance(error: unknown): error is SigningError {
    return hasCode(error, "signing_failed");
  }
}
