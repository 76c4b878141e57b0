import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/**
 * Throw it from `validateCredentials` (or any datasource action) when the credentials are wrong. Dify shows the
 * message to the user: say what is wrong, never echo the secret.
 */
export class DatasourceCredentialsError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_DATASOURCE_CREDENTIALS_INVALID", message, options);
  }
}

brandError(DatasourceCredentialsError, "DatasourceCredentialsError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `DatasourceCredentialsError`. */
    DIFY_ERR_DATASOURCE_CREDENTIALS_INVALID: true;
  }
}
