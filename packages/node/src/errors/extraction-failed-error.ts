import { DifyPluginError, hasCode } from "@x/core";
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
    super("extraction_failed", `Parameter extraction failed: ${result.reason}`);
    this.reason = result.reason;
    this.result = result;
  }

  /** True for an `ExtractionFailedError` from any copy of the package. */
  static override isInstance(error: unknown): error is ExtractionFailedError {
    return hasCode(error, "extraction_failed");
  }
}
