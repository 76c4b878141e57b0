import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";

/** A structured-output call ended without an object matching the requested schema. */
export class StructuredOutputError extends DifyPluginError {
  /** The model's text output (at most 2 000 characters), to see what it produced instead. */
  readonly text: string;

  constructor(message: string, options: DifyPluginErrorOptions & { text?: string } = {}) {
    super("structured_output_invalid", message, options);
    this.text = (options.text ?? "").slice(0, 2000);
  }

  /** True for a `StructuredOutputError` from any copy of the package. */
  static override isInstance(error: unknown): error is StructuredOutputError {
    return hasCode(error, "structured_output_invalid");
  }
}
