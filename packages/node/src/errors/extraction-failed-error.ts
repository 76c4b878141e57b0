import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";
import type { ExtractionFailure } from "../extraction-result.js";

/**
 * Dify's Parameter Extractor ran but could not extract the parameters (`__is_success: 0`). Thrown only when the
 * caller asks for it (`throwOnFailure: true` or {@link unwrapExtraction}); otherwise the result has `ok: false`.
 */
export class ExtractionFailedError extends DifyPluginError {
  /** Dify's reason (`outputs.__reason`), e.g. `Parameter city is required`. */
  readonly reason: string;
  /** The whole failed result, including the raw node reply. */
  readonly result: ExtractionFailure;

  constructor(result: ExtractionFailure) {
    super("DIFY_ERR_EXTRACTION_FAILED", `Parameter extraction failed: ${result.reason}`);
    this.reason = result.reason;
    this.result = result;
  }
}

brandError(ExtractionFailedError, "ExtractionFailedError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `ExtractionFailedError`. */
    DIFY_ERR_EXTRACTION_FAILED: true;
  }
}
