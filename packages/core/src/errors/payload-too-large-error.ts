import { brandError } from "./brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "./dify-plugin-error.js";

/** A serverless reverse call whose request body exceeds what the daemon reads (6 MiB); it was not sent. */
export class PayloadTooLargeError extends DifyPluginError {
  /** Size of the body in bytes. */
  readonly size: number;
  /** The limit in bytes. */
  readonly limit: number;

  constructor(size: number, limit: number, options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_PAYLOAD_TOO_LARGE",
      `reverse-call body of ${size} bytes exceeds the daemon's ${limit}-byte transaction limit ` +
        "(the daemon would truncate it); upload large content with session.storage or upload_file instead",
      options,
    );
    this.size = size;
    this.limit = limit;
  }
}

brandError(PayloadTooLargeError, "PayloadTooLargeError");
