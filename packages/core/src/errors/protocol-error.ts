import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "./dify-plugin-error.js";

/** A frame that is not valid JSON or does not match the protocol. */
export class ProtocolError extends DifyPluginError {
  /** The first bytes of the offending line, for diagnostics (never the whole line). */
  readonly excerpt: string | undefined;

  constructor(message: string, options: DifyPluginErrorOptions & { excerpt?: string } = {}) {
    super("protocol_error", message, options);
    this.excerpt = options.excerpt;
  }

  /** True for a `ProtocolError` from any copy of the package. */
  static override isInstance(error: unknown): error is ProtocolError {
    return hasCode(error, "protocol_error");
  }
}
