import { type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import {
  type ExtensionApis,
  type PluginComponent,
  type ProviderHooks,
  registerProviderHooks,
} from "@x/core/internal";
import { PLUGIN_TAGS, type PluginTag, type ToolProviderDeclaration } from "@x/protocol";
import { type CredentialsSchemaInput, declareCredentials } from "./credentials-schema.js";
import type { AnyToolDefinition, CredentialType } from "./define-tool.js";
import type { I18nInput } from "./i18n.js";
import { checkedI18n, checkedName, declareTool } from "./tool-declaration.js";
import { registerProvider } from "./tool-handlers.js";
import { declareOAuth, type ToolOAuthDefinition, toolOAuthHooks } from "./tool-oauth.js";
import { hasParameterOptions, toolParameterOptions } from "./tool-parameter-options.js";

/** Tags a tool provider may carry (the daemon's plugin tags). */
export type ToolProviderTag = PluginTag;

const TAGS: ReadonlySet<string> = new Set(PLUGIN_TAGS);

/** What `validateCredentials` receives besides the credentials; `A` is what the provider's `uses` adds. */
export interface CredentialsValidationContext<A = unknown> {
  /** The daemon session (reverse calls are allowed), with the extensions the provider `uses`. */
  readonly session: Session<A>;
  /** How the credentials were obtained. */
  readonly credentialType: CredentialType;
}

/** The definition of a tool provider, as given to {@link defineToolProvider}. */
export interface ToolProviderDefinitionInput<
  U extends readonly SessionExtension[] = readonly SessionExtension[],
  C extends CredentialsSchemaInput = CredentialsSchemaInput,
  K extends CredentialsSchemaInput = CredentialsSchemaInput,
> {
  /** Extensions `validateCredentials` calls (each tool lists its own in its `uses`). */
  uses?: U;
  /** `author`, `name` (`^[a-zA-Z0-9_-]+$`), `label`, `description`, `icon` (an asset file name), `iconDark`, `tags`. */
  identity: {
    author: string;
    name: string;
    label: I18nInput;
    description: I18nInput;
    icon: string;
    iconDark?: string;
    tags?: readonly ToolProviderTag[];
  };
  /** Credential fields keyed by name (none: the provider needs no credentials). */
  credentialsSchema?: CredentialsSchemaInput;
  /**
   * OAuth: the client fields (`clientSchema`) and credential fields (`credentialsSchema`) declared as
   * `oauth_schema`, and the handlers answering Dify (`authorizationUrl`, `credentials`, `refresh`). Tools then
   * run with `credentialType: "oauth2"` and the credentials `credentials` / `refresh` returned.
   */
  oauth?: ToolOAuthDefinition<C, K, ExtensionApis<U>>;
  /** The provider's tools. */
  tools: readonly AnyToolDefinition[];
  /** Checks credentials when a user saves them; throw (e.g. `ToolCredentialsError`) to reject them. */
  validateCredentials?(
    credentials: Readonly<Record<string, unknown>>,
    context: CredentialsValidationContext<ExtensionApis<U>>,
  ): void | Promise<void>;
}

/**
 * A tool provider: `plugin.register(provider)` declares it (`tool_declaration`), installs the extensions its
 * tools and itself `uses`, and routes `invoke_tool`, `validate_tool_credentials` and `get_tool_runtime_parameters`
 * to it by provider name, plus the `oauth` actions (with `oauth`) and `fetch_parameter_options` (with a
 * `dynamic-select` parameter) through core's provider hooks.
 */
export class ToolProvider implements PluginComponent {
  /** The provider's `identity.name`. */
  readonly name: string;
  /** The declaration the daemon validates, built and checked when the provider was defined. */
  readonly declaration: ToolProviderDeclaration;
  /** The definition it was built from. */
  readonly definition: ToolProviderDefinitionInput;
  /** Every extension the provider and its tools use, installed on registration. */
  readonly uses: readonly SessionExtension[];
  private readonly toolsByName: ReadonlyMap<string, AnyToolDefinition>;
  // One hooks object per provider, so registering the provider twice on a plugin stays a no-op.
  private readonly hooks: ProviderHooks | undefined;

  /** @internal Use {@link defineToolProvider}. */
  constructor(definition: ToolProviderDefinitionInput) {
    this.definition = definition;
    this.uses = [...(definition.uses ?? []), ...(definition.tools ?? []).flatMap((tool) => tool.uses ?? [])];
    this.declaration = declareProvider(definition);
    this.name = this.declaration.identity.name;
    this.toolsByName = new Map(definition.tools.map((tool) => [tool.identity.name, tool]));
    this.hooks = providerHooks(this, definition);
  }

  /** The tool named `name`, if this provider has it. */
  tool(name: string): AnyToolDefinition | undefined {
    return this.toolsByName.get(name);
  }

  /** Registers the provider on `plugin`; a second provider with the same name is refused. */
  install(plugin: Plugin): void {
    registerProvider(plugin, this);
    if (this.hooks) registerProviderHooks(plugin, this.hooks);
    for (const extension of this.uses) plugin.use(extension);
    plugin.declare("tool", this.declaration);
  }
}

/**
 * Defines a tool provider from its identity, credentials schema, OAuth and tools. Throws `ValidationError` naming
 * the field (an `oauth` missing a schema or a handler, a `dynamic-select` without `options`, ...).
 */
export function defineToolProvider<
  const U extends readonly SessionExtension[] = readonly [],
  const C extends CredentialsSchemaInput = CredentialsSchemaInput,
  const K extends CredentialsSchemaInput = CredentialsSchemaInput,
>(definition: ToolProviderDefinitionInput<U, C, K>): ToolProvider {
  return new ToolProvider(definition as ToolProviderDefinitionInput);
}

/** The provider's OAuth and parameter-options hooks (core's provider hooks), or none when it has neither. */
function providerHooks(
  provider: ToolProvider,
  definition: ToolProviderDefinitionInput,
): ProviderHooks | undefined {
  const withOptions = definition.tools.some(hasParameterOptions);
  if (!definition.oauth && !withOptions) return undefined;
  return {
    provider: provider.name,
    kind: "tool provider",
    ...(definition.oauth ? { oauth: toolOAuthHooks(provider.name, definition.oauth) } : {}),
    ...(withOptions
      ? {
          parameterOptions: (tool: string, parameter: string) =>
            toolParameterOptions(provider.tool(tool), parameter),
        }
      : {}),
  };
}

function declareProvider(definition: ToolProviderDefinitionInput): ToolProviderDeclaration {
  if (typeof definition !== "object" || definition === null)
    throw new ValidationError("definition must be an object");
  const id = definition.identity;
  if (typeof id !== "object" || id === null) throw new ValidationError("is required", { field: "identity" });
  if (typeof id.author !== "string" || id.author.length === 0) {
    throw new ValidationError("must be a non-empty string", { field: "identity.author" });
  }
  if (typeof id.icon !== "string" || id.icon.length === 0) {
    throw new ValidationError("must name an icon file under _assets/", { field: "identity.icon" });
  }
  const tags = [...(id.tags ?? [])];
  for (const [i, tag] of tags.entries()) {
    if (!TAGS.has(tag))
      throw new ValidationError(`unknown tag ${JSON.stringify(tag)}`, { field: `identity.tags[${i}]` });
  }
  const identity: ToolProviderDeclaration["identity"] = {
    author: id.author,
    name: checkedName(id.name, "identity.name"),
    description: checkedI18n(id.description, "identity.description"),
    icon: id.icon,
    label: checkedI18n(id.label, "identity.label"),
    tags,
  };
  if (id.iconDark !== undefined) identity.icon_dark = id.iconDark;
  if (!Array.isArray(definition.tools))
    throw new ValidationError("must be an array of tools", { field: "tools" });
  const tools = definition.tools.map((tool, i) => declareTool(tool, id.author, `tools[${i}]`));
  const names = new Set<string>();
  for (const [i, tool] of tools.entries()) {
    if (names.has(tool.identity.name)) {
      throw new ValidationError(`duplicate tool name ${tool.identity.name}`, {
        field: `tools[${i}].identity.name`,
      });
    }
    names.add(tool.identity.name);
  }
  return {
    identity,
    credentials_schema: declareCredentials(definition.credentialsSchema, "credentialsSchema"),
    oauth_schema: declareOAuth(definition.oauth),
    tools,
  };
}
