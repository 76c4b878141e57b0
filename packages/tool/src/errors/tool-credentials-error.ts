import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/**
 * Throw it from `validateCredentials` when the credentials are wrong. Dify shows the message to the user, so say
 * what is wrong, never echo the secret.
 */
export class ToolCredentialsError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("tool_credentials_invalid", message, options);
  }

  /** True for a `ToolCredentialsError` from any copy of the package. */
  static override isInstance(error: unknown): error is ToolCredentialsError {
    return hasCode(error, "tool_credentials_invalid");
  }
}
