import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/** A {@link ToolInvocationResult} was iterated a second time while its live stream was already being read. */
export class ToolResultConsumedError extends DifyPluginError {
  constructor() {
    super(
      "DIFY_ERR_TOOL_RESULT_CONSUMED",
      "this tool result is already being read; iterate it once, or call toArray() and reuse the array",
    );
  }
}

brandError(ToolResultConsumedError, "ToolResultConsumedError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `ToolResultConsumedError`. */
    DIFY_ERR_TOOL_RESULT_CONSUMED: true;
  }
}
