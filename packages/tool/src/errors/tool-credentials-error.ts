import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/**
 * Throw it from `validateCredentials` when the credentials are wrong. Dify shows the message to the user, so say
 * what is wrong, never echo the secret.
 */
export class ToolCredentialsError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_TOOL_CREDENTIALS_INVALID", message, options);
  }
}

brandError(ToolCredentialsError, "ToolCredentialsError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `ToolCredentialsError`. */
    DIFY_ERR_TOOL_CREDENTIALS_INVALID: true;
  }
}
