import type { Logger, Session, SessionExtension } from "@x/core";
import type { ExtensionApis } from "@x/core/internal";
import type { z } from "zod";
import type { I18nInput } from "./i18n.js";
import type { ParameterDefinitions, ToolParameters } from "./parameter-definition.js";
import type { OutgoingToolMessage } from "./tool-messages.js";

/** How the provider's credentials were obtained: `api-key`, `oauth2` or `unauthorized`. */
export type CredentialType = "api-key" | "oauth2" | "unauthorized" | (string & {});

/**
 * What a tool's `invoke` receives besides its parameters. `A` is what the tool's `uses` adds to the session:
 * with `uses: [toolExtension]`, `context.session.tool` calls other tools.
 */
export interface ToolContext<A = unknown> {
  /** The daemon session: `invoke()`, `storage`, `file`, `signal`, plus the extensions the tool `uses`. */
  readonly session: Session<A>;
  /** The provider's credentials, decrypted by Dify. Never log them. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** How the credentials were obtained. */
  readonly credentialType: CredentialType;
  /** The end user (may be `""`). */
  readonly userId: string;
  /** The provider's name. */
  readonly provider: string;
  /** The tool's name. */
  readonly tool: string;
  /** `tool_parameters` exactly as received (including undeclared ones). */
  readonly rawParameters: Readonly<Record<string, unknown>>;
  /** Aborts when the session ends or the connection drops. */
  readonly signal: AbortSignal;
  /** The session's logger. */
  readonly logger: Logger;
}

/** What `getRuntimeParameters` receives. */
export interface RuntimeParametersContext<A = unknown> {
  /** The daemon session, with the extensions the tool `uses`. */
  readonly session: Session<A>;
  /** The provider's credentials. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** The provider's name. */
  readonly provider: string;
  /** The tool's name. */
  readonly tool: string;
}

/**
 * What `invoke` may produce: yield messages (sync or async generator), return one message or an array of them,
 * or return nothing.
 */
export type ToolInvokeReturn =
  | AsyncIterable<OutgoingToolMessage>
  | Iterable<OutgoingToolMessage>
  | OutgoingToolMessage
  | void
  // biome-ignore lint/suspicious/noConfusingVoidType: an async tool that returns nothing is Promise<void>
  | Promise<OutgoingToolMessage | readonly OutgoingToolMessage[] | void>;

/** A tool's description: for users (`human`) and for the model deciding when to call it (`llm`). */
export type ToolDescriptionInput = string | { human: I18nInput; llm: string };

/** The definition of one tool, as given to {@link defineTool}. */
export interface ToolDefinitionInput<
  D extends ParameterDefinitions,
  U extends readonly SessionExtension[] = readonly [],
> {
  /**
   * The session extensions the tool calls (e.g. `[workflowNodeExtension, toolExtension]`): they are installed when
   * the provider is registered and typed on `context.session`. Using one not listed is a compile error.
   */
  uses?: U;
  /** `name` (`^[a-zA-Z0-9_-]+$`), `label` (default: the name), `author` (default: the provider's), `icon`. */
  identity: { name: string; label?: I18nInput; author?: string; icon?: string };
  /** A string is used for both the human and the LLM description. */
  description: ToolDescriptionInput;
  /**
   * Parameters keyed by name, in order; their types type `invoke`'s first argument. (The intersection gives a
   * `dynamic-select`'s `options` function its contextual type.)
   */
  parameters?: D & ParameterDefinitions;
  /** JSON schema of the tool's variables (a zod schema is converted with `z.toJSONSchema`). */
  outputSchema?: Record<string, unknown> | z.ZodType;
  /** Runs the tool. */
  invoke(parameters: ToolParameters<D>, context: ToolContext<ExtensionApis<U>>): ToolInvokeReturn;
  /** Parameters decided at run time (`get_tool_runtime_parameters`); default: the declared ones. */
  getRuntimeParameters?(
    context: RuntimeParametersContext<ExtensionApis<U>>,
  ): ParameterDefinitions | Promise<ParameterDefinitions>;
}

/** A defined tool: pass it in a provider's `tools`. */
export interface ToolDefinition<
  D extends ParameterDefinitions = ParameterDefinitions,
  U extends readonly SessionExtension[] = readonly SessionExtension[],
> extends Readonly<ToolDefinitionInput<D, U>> {
  /** Brand checked by `defineToolProvider`. */
  readonly kind: "tool";
  /** The extensions the tool uses (`[]` when none). */
  readonly uses: U;
}

/** Any defined tool, whatever its parameters and extensions (what a provider's `tools` holds). */
export type AnyToolDefinition = ToolDefinition<ParameterDefinitions, readonly SessionExtension[]>;

/**
 * Defines a tool. Parameter types flow into `invoke`:
 * `defineTool({ identity: { name: "echo" }, description: "Echoes", parameters: { text: { type: "string", required: true } }, invoke: ({ text }) => messages.text(text) })`.
 */
export function defineTool<
  const D extends ParameterDefinitions = Record<never, never>,
  const U extends readonly SessionExtension[] = readonly [],
>(definition: ToolDefinitionInput<D, U>): ToolDefinition<D, U> {
  return Object.freeze({
    ...definition,
    uses: definition.uses ?? ([] as unknown as U),
    kind: "tool" as const,
  });
}
