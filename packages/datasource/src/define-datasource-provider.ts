import { type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import {
  checkProviderOAuth,
  declareFormFields,
  type ExtensionApis,
  type OAuthFormSchema,
  type OAuthValuesOf,
  type PluginComponent,
  type ProviderHooks,
  type ProviderOAuthDefinition,
  parseInput,
  providerOAuthHooks,
  registerProviderHooks,
} from "@x/core/internal";
import {
  type DatasourceDeclaration,
  type DatasourceProviderDeclaration,
  DatasourceProviderDeclarationSchema,
  type DatasourceProviderType,
  type OAuthSchemaDeclaration,
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
 * OAuth on a datasource provider: `clientSchema` and `credentialsSchema` (declared as the provider's
 * `oauth_schema`, `pkg/entities/plugin_entities/datasource_declaration.go`) and the three handlers answering
 * `get_authorization_url`, `get_credentials` and `refresh_credentials` (§2.3). All five are required. Dify shows
 * the `metadata` of `credentials` (`name`, `avatar_url`, as the Python SDK's `DatasourceOAuthCredentials`) as the
 * authorized account.
 */
export type DatasourceOAuthDefinition<
  C extends CredentialsSchemaInput = CredentialsSchemaInput,
  K extends CredentialsSchemaInput = CredentialsSchemaInput,
  A = unknown,
> = ProviderOAuthDefinition<C, K, OAuthValuesOf<C>, OAuthValuesOf<K>, A>;

/**
 * The definition of a datasource provider, as given to {@link defineDatasourceProvider}. Every datasource of a
 * provider is of one kind (the provider's `provider_type`).
 */
export interface DatasourceProviderDefinitionInput<
  U extends readonly SessionExtension[] = readonly SessionExtension[],
  C extends CredentialsSchemaInput = CredentialsSchemaInput,
  K extends CredentialsSchemaInput = CredentialsSchemaInput,
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
  /**
   * OAuth: the client fields (`clientSchema`) and credential fields (`credentialsSchema`) declared as
   * `oauth_schema`, and the handlers answering Dify (`authorizationUrl`, `credentials`, `refresh`). The
   * datasources then run with `credentialType: "oauth2"` and the credentials `credentials` / `refresh` returned.
   */
  oauth?: DatasourceOAuthDefinition<C, K, ExtensionApis<U>>;
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
  // One hooks object per provider, so registering the provider twice on a plugin stays a no-op.
  private readonly hooks: ProviderHooks | undefined;

  /** @internal Use {@link defineDatasourceProvider}. */
  constructor(definition: DatasourceProviderDefinitionInput) {
    const { declaration, providerType } = declareProvider(definition);
    this.definition = definition;
    this.declaration = declaration;
    this.providerType = providerType;
    this.name = declaration.identity.name;
    this.uses = [...(definition.uses ?? []), ...definition.datasources.flatMap((d) => d.uses ?? [])];
    this.byName = new Map(definition.datasources.map((d) => [d.identity.name, d]));
    this.hooks = definition.oauth
      ? {
          provider: this.name,
          kind: "datasource provider",
          oauth: providerOAuthHooks(this.name, definition.oauth as ProviderOAuthDefinition),
        }
      : undefined;
  }

  /** The datasource named `name`, if this provider has it. */
  datasource(name: string): AnyDatasourceDefinition | undefined {
    return this.byName.get(name);
  }

  /** Registers the provider on `plugin`; a second provider with the same name is refused. */
  install(plugin: Plugin): void {
    registerDatasourceProvider(plugin, this);
    if (this.hooks) registerProviderHooks(plugin, this.hooks);
    for (const extension of this.uses) plugin.use(extension);
    plugin.declare("datasource", this.declaration);
  }
}

/**
 * Defines a datasource provider from its identity, credential fields, OAuth and datasources. The declaration is
 * built and checked against the daemon's rules now: a wrong field (an `oauth` missing a schema or a handler, ...)
 * throws `ValidationError` naming it.
 */
export function defineDatasourceProvider<
  const U extends readonly SessionExtension[] = readonly [],
  const C extends CredentialsSchemaInput = CredentialsSchemaInput,
  const K extends CredentialsSchemaInput = CredentialsSchemaInput,
>(definition: DatasourceProviderDefinitionInput<U, C, K>): DatasourceProvider {
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
    credentials_schema: declareCredentialFields(definition.credentials, "credentials"),
    oauth_schema: declareOAuth(definition.oauth),
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

/** `oauth` → `oauth_schema` (`null` without it), after checking both schemas and the three handlers are there. */
function declareOAuth(oauth: DatasourceOAuthDefinition | undefined): OAuthSchemaDeclaration | null {
  if (oauth === undefined) return null;
  const { clientSchema, credentialsSchema } = checkProviderOAuth(oauth, "oauth");
  return {
    client_schema: declareCredentialFields(clientSchema as CredentialsSchemaInput, "oauth.clientSchema"),
    credentials_schema: declareCredentialFields(
      credentialsSchema as CredentialsSchemaInput,
      "oauth.credentialsSchema",
    ),
  };
}

/** A credential form → `ProviderConfig` rows: core's shared form definer, with `@x/tool`'s texts. */
function declareCredentialFields(schema: OAuthFormSchema | undefined, at: string): ProviderConfig[] {
  return declareFormFields(schema as CredentialsSchemaInput | undefined, {
    field: at,
    noun: "credential",
    i18n: (input) => toI18n(input),
  });
}
