import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** A signing key is not in a format the daemon (or the signer) reads, or a package cannot be signed. */
export class SigningError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_SIGNING_FAILED", message, options);
  }
}

brandError(SigningError, "SigningError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `SigningError`. */
    DIFY_ERR_SIGNING_FAILED: true;
  }
}
