import { type Plugin, type SessionExtension, ValidationError } from "@x/core";
import type { PluginComponent } from "@x/core/internal";
import { type EndpointDeclaration, EndpointDeclarationSchema } from "@x/protocol";
import type { AnyEndpointDefinition } from "./define-endpoint.js";
import { registerGroup } from "./handle-endpoint.js";
import { declareSettings, type SettingsSchema } from "./settings.js";

/** The definition of an endpoint group, as given to {@link defineEndpointGroup}. */
export interface EndpointGroupDefinitionInput<S extends SettingsSchema = SettingsSchema> {
  /** The settings form a user fills when creating the endpoint (from `defineEndpointSettings`). */
  settings?: S;
  /** The group's endpoints; each may name `settings` too, which must be this same form. */
  endpoints: readonly AnyEndpointDefinition[];
  /** Extensions to install besides those the endpoints `uses`. */
  uses?: readonly SessionExtension[];
}

/**
 * An endpoint group: `plugin.register(group)` declares it (`endpoint_declaration`, §1.3.2; `plugins.endpoints`
 * in a package), installs the extensions its endpoints use and answers `endpoint/invoke_endpoint` by matching
 * the request's method and path. A plugin has at most one group (the daemon keeps one endpoint declaration); it
 * may also have tools, but no model, agent strategy, datasource or trigger provider.
 */
export class EndpointGroup implements PluginComponent {
  /** The declaration the daemon validates, built and checked when the group was defined. */
  readonly declaration: EndpointDeclaration;
  /** The settings form. */
  readonly settings: SettingsSchema | undefined;
  /** The endpoints, most specific path first (the order requests are matched in). */
  readonly endpoints: readonly AnyEndpointDefinition[];
  /** Every extension the group and its endpoints use, installed on registration. */
  readonly uses: readonly SessionExtension[];

  /** @internal Use {@link defineEndpointGroup}. */
  constructor(definition: EndpointGroupDefinitionInput) {
    if (typeof definition !== "object" || definition === null) {
      throw new ValidationError("an endpoint group definition must be an object");
    }
    if (!Array.isArray(definition.endpoints)) {
      throw new ValidationError("must be an array of endpoints (from defineEndpoint)", {
        field: "endpoints",
      });
    }
    const settingsDeclaration = declareSettings(definition.settings);
    const seen = new Set<string>();
    definition.endpoints.forEach((endpoint, i) => {
      if (endpoint?.kind !== "endpoint") {
        throw new ValidationError("must be made with defineEndpoint", { field: `endpoints[${i}]` });
      }
      if (endpoint.settings !== undefined && endpoint.settings !== definition.settings) {
        throw new ValidationError(
          "names a settings form that is not the group's: pass the same defineEndpointSettings(...) object to both",
          { field: `endpoints[${i}].settings` },
        );
      }
      const key = `${endpoint.method} ${endpoint.path}`;
      if (seen.has(key)) throw new ValidationError(`repeats ${key}`, { field: `endpoints[${i}]` });
      seen.add(key);
    });
    this.settings = definition.settings;
    this.endpoints = [...definition.endpoints].sort((a, b) => a.pattern.rank - b.pattern.rank);
    this.uses = [...(definition.uses ?? []), ...definition.endpoints.flatMap((endpoint) => endpoint.uses)];
    const declaration = {
      settings: settingsDeclaration,
      endpoints: definition.endpoints.map((endpoint) => ({
        path: endpoint.path,
        method: endpoint.method,
        hidden: endpoint.hidden ?? false,
      })),
    };
    const parsed = EndpointDeclarationSchema.safeParse(declaration);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ValidationError(issue?.message ?? "is not a valid endpoint declaration", {
        field: issue?.path.join(".") ?? "endpoints",
      });
    }
    this.declaration = declaration;
  }

  /** Registers the group on `plugin`; a second group on the same plugin is refused. */
  install(plugin: Plugin): void {
    registerGroup(plugin, this);
    for (const extension of this.uses) plugin.use(extension);
    plugin.declare("endpoint", this.declaration);
  }
}

/** Defines an endpoint group from its settings form and endpoints. Throws `ValidationError` naming the field. */
export function defineEndpointGroup<const S extends SettingsSchema = SettingsSchema>(
  definition: EndpointGroupDefinitionInput<S>,
): EndpointGroup {
  return new EndpointGroup(definition as EndpointGroupDefinitionInput);
}
