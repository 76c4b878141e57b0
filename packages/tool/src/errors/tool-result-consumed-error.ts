import { DifyPluginError, hasCode } from "@x/core";

/** A {@link ToolInvocationResult} was iterated a second time while its live stream was already being read. */
export class ToolResultConsumedError extends DifyPluginError {
  constructor() {
    super(
      "tool_result_consumed",
      "this tool result is already being read; iterate it once, or call toArray() and reuse the array",
    );
  }

  /** True for a `ToolResultConsumedError` from any copy of the package. */
  static override isInstance(error: unknown): error is ToolResultConsumedError {
    return hasCode(error, "tool_result_consumed");
  }
}
