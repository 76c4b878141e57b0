import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** Input that the SDK, the daemon or Dify would reject. `field` names what to fix (e.g. `parameters[2].options`). */
export class ValidationError extends DifyPluginError {
  /** Dotted path of the offending field, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, options: DifyPluginErrorOptions & { field?: string } = {}) {
    super("DIFY_ERR_VALIDATION", options.field ? `${options.field}: ${message}` : message, options);
    this.field = options.field;
  }
}

brandError(ValidationError, "ValidationError");
