import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/**
 * The model called a tool with arguments that are not a JSON object (often an answer cut off mid-generation:
 * raise `max_tokens`). The arguments themselves are not in the message: they may hold user data.
 */
export class ToolCallArgumentsError extends DifyPluginError {
  /** The tool call's id. */
  readonly toolCallId: string;
  /** The tool the model called. */
  readonly toolName: string;

  constructor(toolCallId: string, toolName: string, problem: string) {
    super(
      "DIFY_ERR_TOOL_CALL_ARGUMENTS",
      `the model called \`${toolName}\` (${toolCallId}) with arguments that are not a JSON object: ${problem}; a truncated answer is the usual cause, raise max_tokens`,
    );
    this.toolCallId = toolCallId;
    this.toolName = toolName;
  }
}

brandError(ToolCallArgumentsError, "ToolCallArgumentsError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `ToolCallArgumentsError`. */
    DIFY_ERR_TOOL_CALL_ARGUMENTS: true;
  }
}
