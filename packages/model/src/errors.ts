import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** A structured-output call ended without an object matching the requested schema. */
export class StructuredOutputError extends DifyPluginError {
  /** The model's text output (at most 2 000 characters), to see what it produced instead. */
  readonly text: string;

  constructor(message: string, options: DifyPluginErrorOptions & { text?: string } = {}) {
    super("DIFY_ERR_STRUCTURED_OUTPUT_INVALID", message, options);
    this.text = (options.text ?? "").slice(0, 2000);
  }
}

brandError(StructuredOutputError, "StructuredOutputError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `StructuredOutputError`. */
    DIFY_ERR_STRUCTURED_OUTPUT_INVALID: true;
  }
}
