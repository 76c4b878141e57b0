import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/** An incoming `agent_strategy_params` value does not fit the strategy's parameter definition. */
export class AgentParameterError extends DifyPluginError {
  /** The strategy the parameter belongs to. */
  readonly strategy: string;
  /** The parameter's name. */
  readonly parameter: string;

  constructor(strategy: string, parameter: string, problem: string) {
    super(
      "DIFY_ERR_AGENT_PARAMETER_INVALID",
      `agent strategy \`${strategy}\` parameter \`${parameter}\`: ${problem}`,
    );
    this.strategy = strategy;
    this.parameter = parameter;
  }
}

brandError(AgentParameterError, "AgentParameterError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `AgentParameterError`. */
    DIFY_ERR_AGENT_PARAMETER_INVALID: true;
  }
}
