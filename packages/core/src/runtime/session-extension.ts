import type { Session } from "./session.js";

/**
 * Adds a typed entry point to every session, created lazily on first access and cached per session.
 * A feature package exports one (e.g. `toolExtension` gives `session.tool`) and augments `Session` with its type:
 * `declare module "@x/core" { interface Session { readonly tool: ToolClient } }`.
 */
export interface SessionExtension<Name extends string = string, Api = unknown> {
  /** Property name on the session. */
  readonly name: Name;
  /** Builds the API for one session. */
  create(session: Session): Api;
}

/** Declares a {@link SessionExtension}. */
export function defineSessionExtension<Name extends string, Api>(
  name: Name,
  create: (session: Session) => Api,
): SessionExtension<Name, Api> {
  return Object.freeze({ name, create });
}
