import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Access type of agent strategy requests (`data.type`, §2.2). */
export const AGENT_STRATEGY_ACCESS_TYPE = "agent_strategy";

/** The only agent strategy action (`data.action`, §2.3). */
export const INVOKE_AGENT_STRATEGY_ACTION = "invoke_agent_strategy";

/**
 * `data` of `agent_strategy` / `invoke_agent_strategy` (`RequestInvokeAgentStrategy`,
 * `pkg/entities/requests/agent.go`): the provider's `identity.name`, the strategy's `identity.name`, and the
 * parameter values keyed by parameter name (`null` read as `{}`). Values follow the declared parameter types; the
 * `model-selector` and `array[tools]` shapes are `AgentModelConfigSchema` and `AgentToolsValueSchema`.
 * Unknown keys are kept.
 */
export const InvokeAgentStrategyRequestSchema = lazySchema(() =>
  z.looseObject({
    agent_strategy_provider: z.string({ error: "agent_strategy_provider is required" }),
    agent_strategy: z.string({ error: "agent_strategy is required" }),
    agent_strategy_params: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((params) => params ?? {}),
  }),
);

/** A parsed `invoke_agent_strategy` request. */
export type InvokeAgentStrategyRequest = z.infer<typeof InvokeAgentStrategyRequestSchema>;
