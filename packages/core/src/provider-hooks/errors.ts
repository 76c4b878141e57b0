import { brandError } from "../errors/brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "../errors/dify-plugin-error.js";

/**
 * The daemon sent an `oauth` action (§2.3) for a provider this plugin does not have, or one that declared no
 * OAuth handlers. The message is the Python SDK's (`Provider \`x\` does not support OAuth`).
 */
export class OAuthNotSupportedError extends DifyPluginError {
  /** The provider asked for. */
  readonly provider: string;

  constructor(provider: string) {
    super("DIFY_ERR_OAUTH_NOT_SUPPORTED", `Provider \`${provider}\` does not support OAuth`);
    this.provider = provider;
  }
}

brandError(OAuthNotSupportedError, "OAuthNotSupportedError");

/**
 * The daemon asked for the options of a parameter (`fetch_parameter_options`, §2.3) that no registered provider
 * answers: an unknown provider, tool / event, or a parameter that is not a `dynamic-select` with an options
 * function.
 */
export class ParameterOptionsNotFoundError extends DifyPluginError {
  /** The provider asked for. */
  readonly provider: string;
  /** The tool, trigger event or subscription constructor (`provider`) asked for. */
  readonly providerAction: string;
  /** The parameter asked for. */
  readonly parameter: string;

  constructor(provider: string, providerAction: string, parameter: string) {
    super(
      "DIFY_ERR_PARAMETER_OPTIONS_NOT_FOUND",
      `Cannot find the target to fetch parameter options: provider \`${provider}\`, ` +
        `action \`${providerAction}\`, parameter \`${parameter}\` (it must be a dynamic-select parameter ` +
        "with an options function)",
    );
    this.provider = provider;
    this.providerAction = providerAction;
    this.parameter = parameter;
  }
}

brandError(ParameterOptionsNotFoundError, "ParameterOptionsNotFoundError");

/**
 * An OAuth flow step failed: the callback carries no `code`, the authorization server refused the exchange, a
 * refresh token was revoked. Throw it from an OAuth handler with a message that says what happened and never
 * quotes a token or a client secret (the SDK also masks the values it knows, but not one it never saw).
 */
export class OAuthError extends DifyPluginError {
  constructor(message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_OAUTH", message, options);
  }
}

brandError(OAuthError, "OAuthError");

declare module "../errors/dify-plugin-error.js" {
  interface DifyErrorCodes {
    /** Code of `OAuthNotSupportedError`. */
    DIFY_ERR_OAUTH_NOT_SUPPORTED: true;
    /** Code of `ParameterOptionsNotFoundError`. */
    DIFY_ERR_PARAMETER_OPTIONS_NOT_FOUND: true;
    /** Code of `OAuthError`. */
    DIFY_ERR_OAUTH: true;
  }
}
