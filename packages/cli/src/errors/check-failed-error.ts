import { DifyPluginError } from "@x/core";
import type { DifyPluginErrorOptions } from "@x/core/internal";
import { brandError } from "@x/core/internal";
import type { Problem } from "../check/problem.js";

/** `check` (or `package`, which runs it first) found errors; each problem names the file and field to fix. */
export class CheckFailedError extends DifyPluginError {
  /** Every error found (warnings are not included). */
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], options: DifyPluginErrorOptions = {}) {
    super(
      "DIFY_ERR_CHECK_FAILED",
      `${problems.length} problem${problems.length === 1 ? "" : "s"} to fix:\n${problems.map((p) => `  ${formatProblemLine(p)}`).join("\n")}`,
      options,
    );
    this.problems = problems;
  }
}

function formatProblemLine(problem: Problem): string {
  return `${problem.file}${problem.field ? ` (${problem.field})` : ""}: ${problem.message}`;
}

brandError(CheckFailedError, "CheckFailedError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `CheckFailedError`. */
    DIFY_ERR_CHECK_FAILED: true;
  }
}
