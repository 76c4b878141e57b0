import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/** An incoming `tool_parameters` value does not fit the tool's parameter definition; `parameter` names it. */
export class ToolParameterError extends DifyPluginError {
  /** The tool the parameter belongs to. */
  readonly tool: string;
  /** The parameter's name. */
  readonly parameter: string;

  constructor(tool: string, parameter: string, problem: string) {
    super("DIFY_ERR_TOOL_PARAMETER_INVALID", `tool \`${tool}\` parameter \`${parameter}\`: ${problem}`);
    this.tool = tool;
    this.parameter = parameter;
  }
}

brandError(ToolParameterError, "ToolParameterError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `ToolParameterError`. */
    DIFY_ERR_TOOL_PARAMETER_INVALID: true;
  }
}
