import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "./dify-plugin-error.js";

/** Input that the SDK, the daemon or Dify would reject. `field` names what to fix (e.g. `parameters[2].options`). */
export class ValidationError extends DifyPluginError {
  /** Dotted path of the offending field, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, options: DifyPluginErrorOptions & { field?: string } = {}) {
    super("validation_error", options.field ? `${options.field}: ${message}` : message, options);
    this.field = options.field;
  }

  /** True for a `ValidationError` from any copy of the package. */
  static override isInstance(error: unknown): error is ValidationError {
    return hasCode(error, "validation_error");
  }
}
