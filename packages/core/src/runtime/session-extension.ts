import { ExtensionNotInstalledError } from "../errors/extension-not-installed-error.js";
import { SessionBase } from "./session-base.js";

/**
 * Adds a typed entry point to sessions (`session.tool`, `session.workflowNode`, ...), created lazily on first
 * access and cached per session. A feature package exports one; a plugin installs it with `plugin.use(ext)` or by
 * listing it in a component's `uses` (e.g. `defineTool({ uses: [workflowNodeExtension], ... })`), and the session
 * type of that component grows by exactly `{ readonly [name]: Api }`.
 */
export interface SessionExtension<Name extends string = string, Api = unknown> {
  /** Property name on the session. */
  readonly name: Name;
  /** Builds the API for one session. */
  create(session: SessionBase): Api;
  /** The export that holds this extension (`workflowNodeExtension`), named in errors. */
  readonly exportName: string;
  /** The package that exports it (`@x/node`), named in errors. */
  readonly packageName: string;
}

/** What {@link defineSessionExtension} takes. */
export interface SessionExtensionDefinition<Name extends string, Api> {
  /** Property name on the session, e.g. `workflowNode`. */
  name: Name;
  /** Builds the API for one session. */
  create(session: SessionBase): Api;
  /** The export that holds the extension, e.g. `workflowNodeExtension`. */
  exportName: string;
  /** The package that exports it, e.g. `@x/node`. */
  packageName: string;
}

/** Turns a union into an intersection (`A | B` → `A & B`). */
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;

/** The session API one extension adds: `{ readonly [name]: Api }`. */
export type ExtensionApi<E> =
  E extends SessionExtension<infer Name, infer Api> ? { readonly [K in Name]: Api } : never;

/** The session APIs a list of extensions adds, merged (`[] → {}`). */
export type ExtensionApis<Es extends readonly SessionExtension[]> = [Es[number]] extends [never]
  ? unknown
  : UnionToIntersection<ExtensionApi<Es[number]>>;

const RESERVED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(SessionBase.prototype));
const defined = new Map<string, SessionExtension>();

/**
 * Declares a {@link SessionExtension}. Reading `session.<name>` on a session of a plugin that did not install it
 * throws {@link ExtensionNotInstalledError} naming the `uses: [...]` / `plugin.use(...)` to add, never a
 * `TypeError` on `undefined`.
 */
export function defineSessionExtension<const Name extends string, Api>(
  definition: SessionExtensionDefinition<Name, Api>,
): SessionExtension<Name, Api> {
  const { name, exportName, packageName } = definition;
  if (RESERVED.has(name)) throw new TypeError(`session extension name ${name} is a Session member`);
  const extension: SessionExtension<Name, Api> = Object.freeze({
    name,
    exportName,
    packageName,
    create: (session: SessionBase) => definition.create(session),
  });
  if (!defined.has(name)) {
    // Sessions of a plugin that installed the extension have their own getter (see `sessionClassWith`); on any other
    // session the name resolves to this one, which says what to add.
    Object.defineProperty(SessionBase.prototype, name, {
      configurable: true,
      get(): never {
        throw new ExtensionNotInstalledError(name, exportName, packageName);
      },
    });
  }
  defined.set(name, extension as SessionExtension);
  return extension;
}
