import { DifyPluginError } from "@x/core";
import { brandError } from "@x/core/internal";

/** An `invoke_agent_strategy` request named a provider or strategy this plugin does not have. */
export class AgentStrategyNotFoundError extends DifyPluginError {
  /** The provider named by the request. */
  readonly provider: string;
  /** The strategy named by the request, when the provider exists. */
  readonly strategy: string | undefined;

  constructor(provider: string, strategy?: string) {
    super(
      "DIFY_ERR_AGENT_STRATEGY_NOT_FOUND",
      strategy === undefined
        ? `no agent strategy provider named \`${provider}\` is registered on this plugin`
        : `agent strategy provider \`${provider}\` has no strategy named \`${strategy}\``,
    );
    this.provider = provider;
    this.strategy = strategy;
  }
}

brandError(AgentStrategyNotFoundError, "AgentStrategyNotFoundError");

declare module "@x/core" {
  interface DifyErrorCodes {
    /** Code of `AgentStrategyNotFoundError`. */
    DIFY_ERR_AGENT_STRATEGY_NOT_FOUND: true;
  }
}
