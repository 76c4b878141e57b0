import { type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import { type ExtensionApis, type PluginComponent, parseInput } from "@x/core/internal";
import {
  type DatasourceDeclaration,
  type DatasourceProviderDeclaration,
  DatasourceProviderDeclarationSchema,
  type DatasourceProviderType,
  PLUGIN_TAGS,
  type PluginTag,
  type ProviderConfig,
} from "@x/protocol";
import { type CredentialsSchemaInput, type CredentialType, type I18nInput, toI18n } from "@x/tool";
import { z } from "zod";
import type { AnyDatasourceDefinition } from "./define-datasource.js";
import { registerDatasourceProvider } from "./handlers.js";
import { declareDatasourceParameters } from "./parameters.js";

/** What `validateCredentials` receives besides the credentials; `A` is what the provider's `uses` adds. */
export interface DatasourceCredentialsContext<A = unknown> {
  /** The daemon session (reverse calls are allowed), with the extensions the provider `uses`. */
  readonly session: Session<A>;
  /** How the credentials were obtained (`api-key` when the daemon leaves it out). */
  readonly credentialType: CredentialType;
  /** Aborts when the session ends: pass it to `fetch`. */
  readonly signal: AbortSignal;
}

/**
 * The definition of a datasource provider, as given to {@link defineDatasourceProvider}. Every datasource of a
 * provider is of one kind (the provider's `provider_type`). OAuth (`oauth_schema` and the `oauth` actions) is
 * not part of this definition yet; it will be one more optional `oauth` field beside `credentials`.
 */
export interface DatasourceProviderDefinitionInput<
  U extends readonly SessionExtension[] = readonly SessionExtension[],
> {
  /** Extensions `validateCredentials` calls (each datasource lists its own in its `uses`). */
  uses?: U;
  /** `author`, `name`, `label`, `description`, `icon` (an asset file name, required by the daemon), `tags`. */
  identity: {
    author: string;
    name: string;
    label: I18nInput;
    description: I18nInput;
    icon: string;
    tags?: readonly PluginTag[];
  };
  /** Credential fields keyed by name, declared as `credentials_schema` (none: the provider needs none). */
  credentials?: CredentialsSchemaInput;
  /** The provider's datasources, all of one kind (defined with `defineWebsiteCrawl`, ...). */
  datasources: readonly AnyDatasourceDefinition[];
  /**
   * Answers `validate_datasource_credentials` when a user saves credentials; throw (e.g.
   * `DatasourceCredentialsError`) to reject them. Without it every credential is accepted.
   */
  validateCredentials?(
    credentials: Readonly<Record<string, unknown>>,
    context: DatasourceCredentialsContext<ExtensionApis<U>>,
  ): void | Promise<void>;
}

/**
 * A datasource provider: `plugin.register(provider)` declares it (`datasource_declaration`, an exclusive plugin
 * kind: the daemon refuses a plugin that also declares tools, models, endpoints, agent strategies or triggers),
 * installs the extensions it and its datasources `uses`, and answers the six `datasource` actions (§2.3).
 */
export class DatasourceProvider implements PluginComponent {
  /** The provider's `identity.name`. */
  readonly name: string;
  /** The kind of every datasource of this provider. */
  readonly providerType: DatasourceProviderType;
  /** The declaration the daemon validates, built and checked when the provider was defined. */
  readonly declaration: DatasourceProviderDeclaration;
  /** The definition it was built from. */
  readonly definition: DatasourceProviderDefinitionInput;
  /** Every extension the provider and its datasources use, installed on registration. */
  readonly uses: readonly SessionExtension[];
  private readonly byName: ReadonlyMap<string, AnyDatasourceDefinition>;

  /** @internal Use {@link defineDatasourceProvider}. */
  constructor(definition: DatasourceProviderDefinitionInput) {
    const { declaration, providerType } = declareProvider(definition);
    this.definition = definition;
    this.declaration = declaration;
    this.providerType = providerType;
    this.name = declaration.identity.name;
    this.uses = [...(definition.uses ?? []), ...definition.datasources.flatMap((d) => d.uses ?? [])];
    this.byName = new Map(definition.datasources.map((d) => [d.identity.name, d]));
  }

  /** The datasource named `name`, if this provider has it. */
  datasource(name: string): AnyDatasourceDefinition | undefined {
    return this.byName.get(name);
  }

  /** Registers the provider on `plugin`; a second provider with the same name is refused. */
  install(plugin: Plugin): void {
    registerDatasourceProvider(plugin, this);
    for (const extension of this.uses) plugin.use(extension);
    plugin.declare("datasource", this.declaration);
  }
}

/**
 * Defines a datasource provider from its identity, credential fields and datasources. The declaration is built
 * and checked against the daemon's rules now: a wrong field throws `ValidationError` naming it.
 */
export function defineDatasourceProvider<const U extends readonly SessionExtension[] = readonly []>(
  definition: DatasourceProviderDefinitionInput<U>,
): DatasourceProvider {
  return new DatasourceProvider(definition as DatasourceProviderDefinitionInput);
}

const TAGS: ReadonlySet<string> = new Set(PLUGIN_TAGS);

function declareProvider(definition: DatasourceProviderDefinitionInput): {
  declaration: DatasourceProviderDeclaration;
  providerType: DatasourceProviderType;
} {
  if (typeof definition !== "object" || definition === null)
    throw new ValidationError("definition must be an object");
  const id = definition.identity;
  if (typeof id !== "object" || id === null) throw new ValidationError("is required", { field: "identity" });
  for (const [i, tag] of (id.tags ?? []).entries()) {
    if (!TAGS.has(tag))
      throw new ValidationError(`unknown tag ${JSON.stringify(tag)}`, { field: `identity.tags[${i}]` });
  }
  if (!Array.isArray(definition.datasources) || definition.datasources.length === 0) {
    throw new ValidationError(
      "must list at least one datasource (defineWebsiteCrawl, defineOnlineDocument...)",
      {
        field: "datasources",
      },
    );
  }
  const providerType = definition.datasources[0]?.kind as DatasourceProviderType;
  const names = new Set<string>();
  const datasources = definition.datasources.map((datasource, i) => {
    const at = `datasources[${i}]`;
    if (datasource?.kind !== providerType) {
      throw new ValidationError(
        `is a ${String(datasource?.kind)} datasource, but the provider's first one is ${providerType}: a provider has one kind (use defineWebsiteCrawl, defineOnlineDocument or defineOnlineDrive for all)`,
        { field: at },
      );
    }
    const declared = declareDatasource(datasource, id.author, at);
    if (names.has(declared.identity.name)) {
      throw new ValidationError(`duplicate datasource name ${declared.identity.name}`, {
        field: `${at}.identity.name`,
      });
    }
    names.add(declared.identity.name);
    return declared;
  });
  const declaration: DatasourceProviderDeclaration = {
    identity: {
      author: id.author,
      name: id.name,
      description: toI18n(id.description),
      icon: id.icon,
      label: toI18n(id.label),
      tags: [...(id.tags ?? [])],
    },
    credentials_schema: declareCredentialFields(definition.credentials),
    oauth_schema: null,
    provider_type: providerType,
    datasources,
  };
  // The daemon's validator, as @x/protocol states it (§1.3.2, `datasource_declaration.go`).
  return {
    declaration: parseInput(DatasourceProviderDeclarationSchema, declaration, {
      what: "datasource provider",
    }) as DatasourceProviderDeclaration,
    providerType,
  };
}

function declareDatasource(
  datasource: AnyDatasourceDefinition,
  author: string,
  at: string,
): DatasourceDeclaration {
  const identity = datasource.identity;
  if (typeof identity !== "object" || identity === null || typeof identity.name !== "string") {
    throw new ValidationError("needs identity.name", { field: `${at}.identity` });
  }
  const out: DatasourceDeclaration = {
    identity: {
      author: identity.author ?? author,
      name: identity.name,
      label: toI18n(identity.label ?? identity.name),
      ...(identity.icon === undefined ? {} : { icon: identity.icon }),
    },
    parameters: declareDatasourceParameters(
      datasource.kind === "online_drive" ? undefined : datasource.parameters,
      `${at}.parameters`,
    ),
    description: toI18n(datasource.description),
  };
  const schema = outputSchemaOf(datasource.outputSchema, `${at}.outputSchema`);
  if (schema) out.output_schema = schema;
  return out;
}

function outputSchemaOf(schema: unknown, field: string): Record<string, unknown> | undefined {
  if (schema === undefined) return undefined;
  // Duck-typed so a zod schema from another copy of zod converts too.
  if (typeof schema === "object" && schema !== null && "_zod" in schema) {
    return z.toJSONSchema(schema as z.ZodType) as Record<string, unknown>;
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ValidationError("must be a JSON schema object or a zod schema", { field });
  }
  return schema as Record<string, unknown>;
}

/** `credentials` → `credentials_schema` (`ProviderConfig` rows, the fields keyed by name as `@x/tool` takes them). */
function declareCredentialFields(schema: CredentialsSchemaInput | undefined): ProviderConfig[] {
  if (schema === undefined) return [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ValidationError("must be an object keyed by credential name", { field: "credentials" });
  }
  return Object.entries(schema).map(([name, field]) => ({
    name,
    type: field.type,
    scope: field.scope ?? null,
    required: field.required ?? false,
    default: field.default ?? null,
    options: (field.options ?? []).map((option) => ({
      value: option.value,
      label: toI18n(option.label ?? option.value),
    })),
    label: toI18n(field.label ?? name),
    help: field.help === undefined ? null : toI18n(field.help),
    url: field.url ?? null,
    placeholder: field.placeholder === undefined ? null : toI18n(field.placeholder),
  }));
}
