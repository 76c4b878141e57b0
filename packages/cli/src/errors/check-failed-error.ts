import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "@x/core";
import type { Problem } from "../check/problem.js";

/** `check` (or `package`, which runs it first) found errors; each problem names the file and field to fix. */
export class CheckFailedError extends DifyPluginError {
  /** Every error found (warnings are not included). */
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], options: DifyPluginErrorOptions = {}) {
    super(
      "check_failed",
      `${problems.length} problem${problems.length === 1 ? "" : "s"} to fix:\n${problems.map((p) => `  ${formatProblemLine(p)}`).join("\n")}`,
      options,
    );
    this.problems = problems;
  }

  /** True for a `CheckFailedError` from any copy of the package. */
  static override isInstance(error: unknown): error is CheckFailedError {
    return hasCode(error, "check_failed");
  }
}

function formatProblemLine(problem: Problem): string {
  return `${problem.file}${problem.field ? ` (${problem.field})` : ""}: ${problem.message}`;
}
