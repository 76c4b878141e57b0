import { DifyPluginError, hasCode } from "@x/core";

/** An incoming `tool_parameters` value does not fit the tool's parameter definition; `parameter` names it. */
export class ToolParameterError extends DifyPluginError {
  /** The tool the parameter belongs to. */
  readonly tool: string;
  /** The parameter's name. */
  readonly parameter: string;

  constructor(tool: string, parameter: string, problem: string) {
    super("tool_parameter_invalid", `tool \`${tool}\` parameter \`${parameter}\`: ${problem}`);
    this.tool = tool;
    this.parameter = parameter;
  }

  /** True for a `ToolParameterError` from any copy of the package. */
  static override isInstance(error: unknown): error is ToolParameterError {
    return hasCode(error, "tool_parameter_invalid");
  }
}
