import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** A frame that is not valid JSON or does not match the protocol. */
export class ProtocolError extends DifyPluginError {
  /** The first bytes of the offending line, for diagnostics (never the whole line). */
  readonly excerpt: string | undefined;

  constructor(message: string, options: DifyPluginErrorOptions & { excerpt?: string } = {}) {
    super("DIFY_ERR_PROTOCOL", message, options);
    this.excerpt = options.excerpt;
  }
}

brandError(ProtocolError, "ProtocolError");
