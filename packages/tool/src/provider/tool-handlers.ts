import { type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import { chunkBlob, type ExtensionApis, parseInput } from "@x/core/internal";
import {
  GetToolRuntimeParametersRequestSchema,
  InvokeToolRequestSchema,
  type RequestData,
  TOOL_MESSAGE_TYPES,
  ValidateToolCredentialsRequestSchema,
} from "@x/protocol";
import { ToolNotFoundError } from "../errors/tool-not-found-error.js";
import type { AnyToolDefinition, ToolContext, ToolInvokeReturn } from "./define-tool.js";
import type { ToolProvider } from "./define-tool-provider.js";
import { parseToolParameters } from "./parse-parameters.js";
import { declareParameters } from "./tool-declaration.js";
import type { OutgoingToolMessage } from "./tool-messages.js";

/** What the extensions of any provider add to a session, as its tools' contexts are typed. */
type ProviderApis = ExtensionApis<readonly SessionExtension[]>;

// One registry per Plugin, so several providers share the three routes and dispatch by provider name.
const registries = new WeakMap<Plugin, Map<string, ToolProvider>>();

const OUTGOING_TYPES: ReadonlySet<string> = new Set(TOOL_MESSAGE_TYPES);

/** @internal Adds `provider` to `plugin`'s registry, registering the tool routes on first use. */
export function registerProvider(plugin: Plugin, provider: ToolProvider): void {
  let registry = registries.get(plugin);
  if (!registry) {
    registry = new Map();
    registries.set(plugin, registry);
    const providers = registry;
    plugin.on("tool", "invoke_tool", (session, data) => invokeTool(providers, session, data));
    plugin.on("tool", "validate_tool_credentials", (session, data) =>
      validateCredentials(providers, session, data),
    );
    plugin.on("tool", "get_tool_runtime_parameters", (session, data) =>
      runtimeParameters(providers, session, data),
    );
  }
  const existing = registry.get(provider.name);
  if (existing === provider) return;
  if (existing) {
    throw new ValidationError(`a tool provider named ${provider.name} is already registered on this plugin`, {
      field: "identity.name",
    });
  }
  registry.set(provider.name, provider);
}

function find(providers: Map<string, ToolProvider>, provider: string, tool?: string) {
  const found = providers.get(provider);
  if (!found) throw new ToolNotFoundError(provider);
  if (tool === undefined) return { provider: found, tool: undefined };
  const definition = found.tool(tool);
  if (!definition) throw new ToolNotFoundError(provider, tool);
  return { provider: found, tool: definition };
}

async function* invokeTool(
  providers: Map<string, ToolProvider>,
  session: Session,
  data: RequestData,
): AsyncGenerator<object, void, undefined> {
  const request = parseInput(InvokeToolRequestSchema, data, { what: "invoke_tool request" });
  const { tool } = find(providers, request.provider, request.tool) as {
    tool: AnyToolDefinition;
  };
  const parameters = parseToolParameters(request.tool, tool.parameters ?? {}, request.tool_parameters);
  const context: ToolContext<ProviderApis> = {
    // The provider installed every extension its tools `uses` when it was registered.
    session: session as Session<ProviderApis>,
    credentials: request.credentials,
    // The daemon leaves `credential_type` out when empty: a provider without OAuth is `api-key` (§2.3).
    credentialType: request.credential_type || "api-key",
    userId: session.userId,
    provider: request.provider,
    tool: request.tool,
    rawParameters: request.tool_parameters,
    signal: session.signal,
    logger: session.logger,
  };
  for await (const message of messagesOf(tool.invoke(parameters, context))) {
    if (message.type === "blob") {
      // Tools never send a whole blob: a big one would cross the daemon's 5 MiB line limit (§6.3).
      yield* chunkBlob(message.message.blob, message.meta);
    } else {
      yield message;
    }
  }
}

async function* messagesOf(result: ToolInvokeReturn): AsyncGenerator<OutgoingToolMessage, void, undefined> {
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
  throw new ValidationError("a tool must yield or return messages (use the `messages` builders)");
}

function isMessage(value: unknown): value is OutgoingToolMessage {
  return (
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
  );
}

function checked(item: unknown): OutgoingToolMessage {
  if (!isMessage(item) || !OUTGOING_TYPES.has(item.type) || item.type === ("blob_chunk" as string)) {
    throw new ValidationError(
      `a tool yielded ${JSON.stringify((item as { type?: unknown })?.type ?? item)}, which is not a tool message (use the \`messages\` builders)`,
    );
  }
  return item;
}

async function validateCredentials(
  providers: Map<string, ToolProvider>,
  session: Session,
  data: RequestData,
): Promise<{ result: true }> {
  const request = parseInput(ValidateToolCredentialsRequestSchema, data, {
    what: "validate_tool_credentials request",
  });
  const { provider } = find(providers, request.provider);
  await provider.definition.validateCredentials?.(request.credentials, {
    session: session as Session<ProviderApis>,
    // The daemon leaves `credential_type` out when empty: a provider without OAuth is `api-key` (§2.3).
    credentialType: request.credential_type || "api-key",
  });
  return { result: true };
}

async function runtimeParameters(
  providers: Map<string, ToolProvider>,
  session: Session,
  data: RequestData,
): Promise<{ parameters: unknown[] }> {
  const request = parseInput(GetToolRuntimeParametersRequestSchema, data, {
    what: "get_tool_runtime_parameters request",
  });
  const { tool } = find(providers, request.provider, request.tool) as {
    tool: AnyToolDefinition;
  };
  const definitions = tool.getRuntimeParameters
    ? await tool.getRuntimeParameters({
        session: session as Session<ProviderApis>,
        credentials: request.credentials,
        provider: request.provider,
        tool: request.tool,
      })
    : (tool.parameters ?? {});
  return { parameters: declareParameters(definitions, `${request.tool}.runtimeParameters`) };
}
