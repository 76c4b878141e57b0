import { type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import { chunkBlob, type ExtensionApis, type PluginComponent, parseInput } from "@x/core/internal";
import { modelExtension } from "@x/model";
import {
  AGENT_STRATEGY_ACCESS_TYPE,
  type AgentStrategyProviderDeclaration,
  INVOKE_AGENT_STRATEGY_ACTION,
  InvokeAgentStrategyRequestSchema,
  type RequestData,
  TOOL_MESSAGE_TYPES,
} from "@x/protocol";
import { toolExtension } from "@x/tool";
import { type AgentStrategyProviderIdentityInput, declareAgentStrategyProvider } from "./declaration.js";
import type {
  AgentInvokeReturn,
  AgentMessage,
  AgentSessionApis,
  AgentStrategyContext,
  AnyAgentStrategyDefinition,
} from "./define-agent-strategy.js";
import { AgentStrategyNotFoundError } from "./errors/agent-strategy-not-found-error.js";
import { parseAgentParameters } from "./parameters.js";

/** The definition of an agent strategy provider, as given to {@link defineAgentStrategyProvider}. */
export interface AgentStrategyProviderDefinitionInput {
  /** `author`, `name`, `label`, `description`, `icon` (an asset file name), `iconDark`, `tags`. */
  identity: AgentStrategyProviderIdentityInput;
  /** The provider's strategies. */
  strategies: readonly AnyAgentStrategyDefinition[];
}

/**
 * An agent strategy provider: `plugin.register(provider)` declares it (`agent_strategy_declaration`), installs
 * `session.model`, `session.tool` and what its strategies `uses`, and answers `agent_strategy` /
 * `invoke_agent_strategy` (§2.3) by provider and strategy name. The daemon allows an agent strategy plugin no
 * other declaration kind.
 */
export class AgentStrategyProvider implements PluginComponent {
  /** The provider's `identity.name`. */
  readonly name: string;
  /** The declaration the daemon validates, built and checked when the provider was defined. */
  readonly declaration: AgentStrategyProviderDeclaration;
  /** The definition it was built from. */
  readonly definition: AgentStrategyProviderDefinitionInput;
  /** Every extension the strategies use, `model` and `tool` first. */
  readonly uses: readonly SessionExtension[];
  private readonly byName: ReadonlyMap<string, AnyAgentStrategyDefinition>;

  /** @internal Use {@link defineAgentStrategyProvider}. */
  constructor(definition: AgentStrategyProviderDefinitionInput) {
    if (typeof definition !== "object" || definition === null) {
      throw new ValidationError("definition must be an object");
    }
    this.definition = definition;
    this.declaration = declareAgentStrategyProvider(definition.identity, definition.strategies);
    this.name = this.declaration.identity.name;
    this.uses = [
      modelExtension,
      toolExtension,
      ...definition.strategies.flatMap((strategy) => strategy.uses),
    ];
    this.byName = new Map(definition.strategies.map((strategy) => [strategy.identity.name, strategy]));
  }

  /** The strategy named `name`, if this provider has it. */
  strategy(name: string): AnyAgentStrategyDefinition | undefined {
    return this.byName.get(name);
  }

  /** Registers the provider on `plugin`; a second provider with the same name is refused. */
  install(plugin: Plugin): void {
    registerProvider(plugin, this);
    for (const extension of this.uses) plugin.use(extension);
    plugin.declare("agent_strategy", this.declaration);
  }
}

/** Defines an agent strategy provider from its identity and strategies. Throws `ValidationError` naming the field. */
export function defineAgentStrategyProvider(
  definition: AgentStrategyProviderDefinitionInput,
): AgentStrategyProvider {
  return new AgentStrategyProvider(definition);
}

/** What the extensions of any provider add to a session, as its strategies' contexts are typed. */
type ProviderApis = ExtensionApis<readonly SessionExtension[]>;

// One registry per Plugin, so several providers share the route and dispatch by provider name.
const registries = new WeakMap<Plugin, Map<string, AgentStrategyProvider>>();

function registerProvider(plugin: Plugin, provider: AgentStrategyProvider): void {
  let registry = registries.get(plugin);
  if (!registry) {
    registry = new Map();
    registries.set(plugin, registry);
    const providers = registry;
    plugin.on(AGENT_STRATEGY_ACCESS_TYPE, INVOKE_AGENT_STRATEGY_ACTION, (session, data) =>
      invokeStrategy(providers, session, data),
    );
  }
  const existing = registry.get(provider.name);
  if (existing === provider) return;
  if (existing) {
    throw new ValidationError(
      `an agent strategy provider named ${provider.name} is already registered on this plugin`,
      {
        field: "identity.name",
      },
    );
  }
  registry.set(provider.name, provider);
}

async function* invokeStrategy(
  providers: Map<string, AgentStrategyProvider>,
  session: Session,
  data: RequestData,
): AsyncGenerator<object, void, undefined> {
  const request = parseInput(InvokeAgentStrategyRequestSchema, data, {
    what: "invoke_agent_strategy request",
  });
  const provider = providers.get(request.agent_strategy_provider);
  if (!provider) throw new AgentStrategyNotFoundError(request.agent_strategy_provider);
  const strategy = provider.strategy(request.agent_strategy);
  if (!strategy)
    throw new AgentStrategyNotFoundError(request.agent_strategy_provider, request.agent_strategy);
  const parameters = parseAgentParameters(
    request.agent_strategy,
    strategy.parameters ?? {},
    request.agent_strategy_params,
  );
  const context: AgentStrategyContext<ProviderApis> = {
    // The provider installed `model`, `tool` and every extension its strategies `uses` when it was registered.
    session: session as Session<AgentSessionApis & ProviderApis>,
    signal: session.signal,
    logger: session.logger,
    userId: session.userId,
    provider: provider.name,
    strategy: request.agent_strategy,
    rawParameters: request.agent_strategy_params,
  };
  for await (const message of messagesOf(strategy.invoke(parameters, context))) {
    if (message.type === "blob") {
      // Sent in 8192-byte pieces, which the daemon joins for agent sessions (§6.3,
      // `internal/core/io_tunnel/agent_service.go`): a whole blob could cross the 5 MiB line limit.
      yield* chunkBlob(message.message.blob, message.meta);
    } else {
      yield message;
    }
  }
}

const OUTGOING_TYPES: ReadonlySet<string> = new Set(TOOL_MESSAGE_TYPES);

async function* messagesOf(result: AgentInvokeReturn): AsyncGenerator<AgentMessage, void, undefined> {
  const value = await result;
  if (value === undefined || value === null) return;
  if (isMessage(value)) {
    yield checked(value);
    return;
  }
  if (typeof value === "object" && (Symbol.asyncIterator in value || Symbol.iterator in value)) {
    for await (const item of value as AsyncIterable<unknown> | Iterable<unknown>) yield checked(item);
    return;
  }
  throw new ValidationError("an agent strategy must yield or return messages (use the `messages` builders)");
}

function isMessage(value: unknown): value is AgentMessage {
  return (
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
  );
}

function checked(item: unknown): AgentMessage {
  if (!isMessage(item) || !OUTGOING_TYPES.has(item.type) || item.type === ("blob_chunk" as string)) {
    throw new ValidationError(
      `an agent strategy yielded ${JSON.stringify((item as { type?: unknown })?.type ?? item)}, which is not an agent message (use the \`messages\` builders)`,
    );
  }
  return item;
}
