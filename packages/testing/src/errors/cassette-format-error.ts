import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";

/** A cassette file could not be read: `at` is `file:line`, `problem` what is wrong there. */
export class CassetteFormatError extends DifyPluginError {
  /** Where: `file:line`. */
  readonly at: string;
  /** What is wrong with that line. */
  readonly problem: string;

  constructor(at: string, problem: string, options: DifyPluginErrorOptions = {}) {
    super("DIFY_ERR_CASSETTE_FORMAT", `bad cassette ${at}: ${problem}`, options);
    this.at = at;
    this.problem = problem;
  }
}

brandError(CassetteFormatError, "CassetteFormatError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `CassetteFormatError`. */
    DIFY_ERR_CASSETTE_FORMAT: true;
  }
}
