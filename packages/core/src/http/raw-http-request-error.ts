import { brandError } from "../errors/brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "../errors/dify-plugin-error.js";

/**
 * A raw HTTP request (the hex `raw_http_request` of an endpoint, OAuth callback or trigger request, §2.4.2,
 * §2.4.3) that is not a well-formed HTTP/1.1 request. `reason` is the parser's code (e.g. `HPE_INVALID_METHOD`).
 */
export class RawHttpRequestError extends DifyPluginError {
  /** The HTTP parser's error code (e.g. `HPE_INVALID_METHOD`), or ours: `empty`, `not_hex`, `invalid_header`, `invalid_request`. */
  /** llhttp's error code (e.g. `HPE_INVALID_METHOD`), or `empty`, `not_hex`, `invalid_header`, `invalid_request`. */
  readonly reason: string;

  constructor(reason: string, message: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_RAW_HTTP_REQUEST", `malformed raw HTTP request (${reason}): ${message}`, options);
    this.reason = reason;
  }
}

brandError(RawHttpRequestError, "RawHttpRequestError");

declare module "../errors/dify-plugin-error.js" {
  interface DifyErrorCodes {
    /** A raw HTTP request (endpoint, OAuth, trigger) that does not parse as HTTP/1.1. */
    DIFY_ERR_RAW_HTTP_REQUEST: true;
  }
}
