import type { Logger, Session, SessionExtension } from "@x/core";
import type { ExtensionApis } from "@x/core/internal";
import type { modelExtension } from "@x/model";
import type { AgentStrategyFeature, I18nInput } from "@x/protocol";
import type { OutgoingToolMessage, toolExtension } from "@x/tool";
import type { z } from "zod";
import type { AgentParameterDefinitions, AgentParameters } from "./parameters.js";

/** A message a strategy yields: text, JSON, variables, logs, files, blobs (the §6 union shared with tools). */
export type AgentMessage = OutgoingToolMessage;

/** The extensions every agent strategy gets: `session.model` (`@x/model`) and `session.tool` (`@x/tool`). */
export type AgentSessionApis = ExtensionApis<readonly [typeof modelExtension, typeof toolExtension]>;

/**
 * What a strategy's `invoke` receives besides its parameters. `A` is what the strategy's `uses` adds beyond
 * `session.model` and `session.tool`, which every strategy has.
 */
export interface AgentStrategyContext<A = unknown> {
  /** The daemon session: `model.llm`, `tool`, `storage`, `file`, plus the extensions the strategy `uses`. */
  readonly session: Session<AgentSessionApis & A>;
  /** Aborts when the session ends or the connection drops: pass it to the calls you make. */
  readonly signal: AbortSignal;
  /** The session's logger. */
  readonly logger: Logger;
  /** The end user (may be `""`). */
  readonly userId: string;
  /** The provider's name. */
  readonly provider: string;
  /** The strategy's name. */
  readonly strategy: string;
  /** `agent_strategy_params` exactly as received (including undeclared ones). */
  readonly rawParameters: Readonly<Record<string, unknown>>;
}

/**
 * What `invoke` may produce: yield messages (sync or async generator), return one message or an array of them,
 * or return nothing.
 */
export type AgentInvokeReturn =
  | AsyncIterable<AgentMessage>
  | Iterable<AgentMessage>
  | AgentMessage
  | void
  // biome-ignore lint/suspicious/noConfusingVoidType: an async strategy that returns nothing is Promise<void>
  | Promise<AgentMessage | readonly AgentMessage[] | void>;

/** The definition of one agent strategy, as given to {@link defineAgentStrategy}. */
export interface AgentStrategyDefinitionInput<
  D extends AgentParameterDefinitions,
  U extends readonly SessionExtension[] = readonly [],
> {
  /** Extensions the strategy calls besides `model` and `tool` (installed when the provider is registered). */
  uses?: U;
  /** `name` (`^[a-zA-Z0-9_-]+$`), `label` (default: the name), `author` (default: the provider's), `icon`. */
  identity: { name: string; label?: I18nInput; author?: string; icon?: string };
  /** What the strategy does, shown in the Agent node. */
  description: I18nInput;
  /** Parameters keyed by name, in order; their types type `invoke`'s first argument. */
  parameters?: D;
  /** `history-messages`: Dify passes the conversation so far in the `model-selector` value. */
  features?: readonly (AgentStrategyFeature | (string & {}))[];
  /** JSON schema of the strategy's output variables (a zod schema is converted with `z.toJSONSchema`). */
  outputSchema?: Record<string, unknown> | z.ZodType;
  /** Runs the strategy: yield its messages as they come. */
  invoke(parameters: AgentParameters<D>, context: AgentStrategyContext<ExtensionApis<U>>): AgentInvokeReturn;
}

/** A defined strategy: pass it in a provider's `strategies`. */
export interface AgentStrategyDefinition<
  D extends AgentParameterDefinitions = AgentParameterDefinitions,
  U extends readonly SessionExtension[] = readonly SessionExtension[],
> extends Readonly<AgentStrategyDefinitionInput<D, U>> {
  /** Brand checked by `defineAgentStrategyProvider`. */
  readonly kind: "agent_strategy";
  /** The extensions the strategy uses besides `model` and `tool` (`[]` when none). */
  readonly uses: U;
}

/** Any defined strategy, whatever its parameters and extensions (what a provider's `strategies` holds). */
export type AnyAgentStrategyDefinition = AgentStrategyDefinition<
  AgentParameterDefinitions,
  readonly SessionExtension[]
>;

/**
 * Defines an agent strategy. Parameter types flow into `invoke`: a `model-selector` parameter arrives as an
 * `AgentModelConfig`, an `array[tools]` one as `AgentTool[]`, a `number` as a number.
 */
export function defineAgentStrategy<
  const D extends AgentParameterDefinitions = Record<never, never>,
  const U extends readonly SessionExtension[] = readonly [],
>(definition: AgentStrategyDefinitionInput<D, U>): AgentStrategyDefinition<D, U> {
  return Object.freeze({
    ...definition,
    uses: definition.uses ?? ([] as unknown as U),
    kind: "agent_strategy" as const,
  });
}
