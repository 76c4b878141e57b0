import type { DeclarationKind, PluginManifest, RequestData } from "@x/protocol";
import type { Session } from "./session.js";
import { DEFAULT_EXTENSIONS } from "./session.js";
import type { ExtensionApi, SessionExtension } from "./session-extension.js";

/**
 * Handles one daemon request. Return a value (sent as one `stream` message), return nothing, or yield items
 * (each becomes a `stream` message). A thrown error becomes the session's `error` message.
 */
export type RequestHandler<A = unknown> = (session: Session<A>, data: RequestData) => unknown;

/** Something that installs itself into a plugin: routes, declarations, extensions (e.g. a tool provider). */
export interface PluginComponent {
  /** Registers what the component needs on `plugin` (its routes, its declaration, the extensions it `uses`). */
  install(plugin: Plugin): void;
}

/** Options of {@link Plugin}. */
export interface PluginOptions {
  /** The manifest sent at remote registration (see `definePluginManifest`). */
  manifest?: PluginManifest;
  /** Asset files (icons, ...) by file name, uploaded at remote registration. */
  assets?: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;
}

/**
 * What a plugin can do: request handlers keyed by `(type, action)`, the session extensions it installed and the
 * declarations it registers. Transport-agnostic: the same plugin runs over stdio, TCP or HTTP.
 *
 * `A` is what `plugin.use(...)` added to the sessions of handlers registered with `plugin.on(...)`: each `use`
 * returns the plugin typed with one more extension. Components (tool providers, ...) install what their `uses`
 * lists when they are registered.
 */
export class Plugin<A = unknown> {
  private readonly handlers = new Map<string, RequestHandler>();
  private readonly extensions = new Map<string, SessionExtension>();
  private readonly declarationStore = new Map<DeclarationKind, object[]>();
  private readonly assetStore = new Map<string, Uint8Array>();
  private manifestValue: PluginManifest | undefined;

  constructor(options: PluginOptions = {}) {
    for (const extension of DEFAULT_EXTENSIONS) this.extensions.set(extension.name, extension);
    this.manifestValue = options.manifest;
    const assets = options.assets ?? {};
    for (const [name, bytes] of assets instanceof Map ? assets : Object.entries(assets))
      this.asset(name, bytes);
  }

  /** The manifest sent at remote registration, if set. */
  get manifest(): PluginManifest | undefined {
    return this.manifestValue;
  }

  /** Sets the manifest sent at remote registration. */
  setManifest(manifest: PluginManifest): this {
    this.manifestValue = manifest;
    return this;
  }

  /** Adds (or replaces) an asset file uploaded at remote registration, e.g. the icon the manifest names. */
  asset(name: string, bytes: Uint8Array): this {
    this.assetStore.set(name, bytes);
    return this;
  }

  /** Asset files by name. */
  assets(): ReadonlyMap<string, Uint8Array> {
    return this.assetStore;
  }

  /**
   * Installs a session extension (e.g. `workflowNodeExtension` → `session.workflowNode`) on every session of this
   * plugin. Idempotent per name. Returns the plugin typed with the extension, for handlers added with `on`.
   */
  use<E extends SessionExtension>(extension: E): Plugin<A & ExtensionApi<E>> {
    this.extensions.set(extension.name, extension);
    return this as Plugin<A & ExtensionApi<E>>;
  }

  /** Registers the handler of one `(type, action)` pair, replacing any previous one. */
  on(type: string, action: string, handler: RequestHandler<A>): this {
    this.handlers.set(routeKey(type, action), handler as RequestHandler);
    return this;
  }

  /** Installs a component (a tool provider, an endpoint group, ...). */
  register(component: PluginComponent): this {
    component.install(this as Plugin);
    return this;
  }

  /** Adds a typed declaration sent at registration (`tool_declaration`, ...). */
  declare(kind: DeclarationKind, declaration: object): this {
    const list = this.declarationStore.get(kind) ?? [];
    list.push(declaration);
    this.declarationStore.set(kind, list);
    return this;
  }

  /** Declarations by kind, in registration order. */
  declarations(): ReadonlyMap<DeclarationKind, readonly object[]> {
    return this.declarationStore;
  }

  /** The handler for `(type, action)`, if any. */
  handler(type: string, action: string): RequestHandler | undefined {
    return this.handlers.get(routeKey(type, action));
  }

  /** Registered `(type, action)` pairs. */
  routes(): Array<{ type: string; action: string }> {
    return [...this.handlers.keys()].map((key) => {
      const [type, action] = key.split("\u0000") as [string, string];
      return { type, action };
    });
  }

  /** Installed session extensions (the defaults, `storage` and `file`, included). */
  sessionExtensions(): readonly SessionExtension[] {
    return [...this.extensions.values()];
  }
}

function routeKey(type: string, action: string): string {
  return `${type}\u0000${action}`;
}
