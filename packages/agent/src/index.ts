// The wire shapes of agent strategies (declarations, requests, parameter values, messages) live in @x/protocol.
export type {
  AgentModelConfig,
  AgentModelEntity,
  AgentStrategyDeclaration,
  AgentStrategyFeature,
  AgentStrategyParameter,
  AgentStrategyProviderDeclaration,
  AgentTool,
  AgentToolIdentity,
  AgentToolParameter,
  LogMetadata,
} from "@x/protocol";
export { AGENT_STRATEGY_FEATURES, AGENT_STRATEGY_PARAMETER_TYPES } from "@x/protocol";
// The message builders are @x/tool's: an agent message is a tool message (§6).
export { type LogEntry, type MessageMeta, messages } from "@x/tool";
export {
  AgentLog,
  type AgentLogMessage,
  type FinishLogOptions,
  type OpenLogOptions,
  openLog,
  usageMetadata,
} from "./agent-log.js";
export type { AgentStrategyProviderIdentityInput } from "./declaration.js";
export {
  type AgentInvokeReturn,
  type AgentMessage,
  type AgentSessionApis,
  type AgentStrategyContext,
  type AgentStrategyDefinition,
  type AgentStrategyDefinitionInput,
  type AnyAgentStrategyDefinition,
  defineAgentStrategy,
} from "./define-agent-strategy.js";
export {
  AgentStrategyProvider,
  type AgentStrategyProviderDefinitionInput,
  defineAgentStrategyProvider,
} from "./define-agent-strategy-provider.js";
export { AgentParameterError } from "./errors/agent-parameter-error.js";
export { AgentStrategyNotFoundError } from "./errors/agent-strategy-not-found-error.js";
export { ToolCallArgumentsError } from "./errors/tool-call-arguments-error.js";
export {
  type AgentAnyParameter,
  type AgentAppSelectorParameter,
  type AgentBooleanParameter,
  type AgentFileParameter,
  type AgentFilesParameter,
  type AgentModelSelectorParameter,
  type AgentNumberParameter,
  type AgentParameterDefinition,
  type AgentParameterDefinitions,
  type AgentParameterInput,
  type AgentParameters,
  type AgentParametersInput,
  type AgentParameterValue,
  type AgentSelectOption,
  type AgentSelectParameter,
  type AgentStrategyParams,
  type AgentStringParameter,
  type AgentToolsParameter,
  parseAgentParameters,
} from "./parameters.js";
export {
  type AgentPromptTool,
  type PromptToolParameters,
  parameterPromptSchema,
  toPromptTool,
  toPromptTools,
} from "./prompt-tools.js";
export {
  type CallAgentToolOptions,
  callAgentTool,
  type ForwardedMessage,
  formatToolResponse,
  type ToolCallResult,
  type ToolPromptMessage,
  type ToolResponse,
} from "./tool-call.js";
export {
  type CompleteToolCall,
  parseArguments,
  ToolCallAccumulator,
} from "./tool-call-accumulator.js";
export { addDecimal, type ExecutionMetadata, UsageTracker } from "./usage-tracker.js";
