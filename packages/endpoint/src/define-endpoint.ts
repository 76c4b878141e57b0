import { type Logger, type Session, type SessionExtension, ValidationError } from "@x/core";
import type { ExtensionApis } from "@x/core/internal";
import { ENDPOINT_METHODS, type EndpointMethod } from "@x/protocol";
import { compilePath, type PathParams, type PathPattern } from "./path-pattern.js";
import type { EndpointSettings, SettingsSchema } from "./settings.js";

/**
 * What an endpoint's `invoke` receives besides the request. `S` is the group's settings form, `A` what the
 * endpoint's `uses` adds to the session, `P` its path parameters.
 */
export interface EndpointContext<
  S extends SettingsSchema = SettingsSchema,
  A = unknown,
  P = Readonly<Record<string, string>>,
> {
  /**
   * The daemon session (reverse calls: `session.app`, `session.model`, `session.tool`, `session.storage`...,
   * with the extensions the endpoint `uses`); `session.endpointId` is the endpoint's id.
   */
  readonly session: Session<A>;
  /** The endpoint's settings, decrypted by Dify, typed by the settings form. Never log secret ones. */
  readonly settings: EndpointSettings<S>;
  /** The values of the path's variables (`/users/{id}` → `{ id }`), percent-decoded. */
  readonly params: P;
  /** Aborts when the session ends or the connection drops (also `request.signal`). */
  readonly signal: AbortSignal;
  /** The endpoint's hook id (`Dify-Hook-Id`, always set by the daemon; `""` if absent). */
  readonly hookId: string;
  /** The endpoint's public URL as Dify serves it (`Dify-Hook-Url`), or null when absent. */
  readonly hookUrl: string | null;
  /** The endpoint's id (`session.endpointId`). */
  readonly endpointId: string | null;
  /** The session's logger. */
  readonly logger: Logger;
}

/** What an endpoint's `invoke` may return: a Fetch `Response` (its body may be a stream), or a promise of one. */
export type EndpointReturn = Response | Promise<Response>;

/** The definition of one endpoint, as given to {@link defineEndpoint}. */
export interface EndpointDefinitionInput<
  P extends string,
  S extends SettingsSchema = SettingsSchema,
  U extends readonly SessionExtension[] = readonly [],
> {
  /** The path after the endpoint's URL, starting with `/`; variables as `{id}` (or werkzeug's `<id>`). */
  path: P;
  /** `GET`, `POST`, `PUT`, `DELETE`, `HEAD` or `OPTIONS` (the daemon routes no `PATCH`); a GET also serves HEAD. */
  method: EndpointMethod;
  /** Hides the endpoint's URL in Dify's endpoint list. */
  hidden?: boolean;
  /** The group's settings form (from `defineEndpointSettings`): it types `context.settings`. */
  settings?: S;
  /**
   * The session extensions the endpoint calls (e.g. `[appExtension]` for `session.app`): installed when the
   * group is registered and typed on `context.session`.
   */
  uses?: U;
  /**
   * Answers one HTTP call: `request` is a standard Fetch `Request` (its body a stream); return a `Response`.
   * A thrown error answers 500 with a text naming the endpoint and the error (setting values masked).
   */
  invoke(request: Request, context: EndpointContext<S, ExtensionApis<U>, PathParams<P>>): EndpointReturn;
}

/** A defined endpoint: pass it in a group's `endpoints`. */
export interface EndpointDefinition<
  P extends string = string,
  S extends SettingsSchema = SettingsSchema,
  U extends readonly SessionExtension[] = readonly SessionExtension[],
> {
  /** Brand checked by `defineEndpointGroup`. */
  readonly kind: "endpoint";
  /** The declared path. */
  readonly path: P;
  /** The declared method. */
  readonly method: EndpointMethod;
  /** Whether Dify hides the endpoint's URL. */
  readonly hidden?: boolean | undefined;
  /** The settings form named by the definition, if any. */
  readonly settings?: S | undefined;
  /** The extensions the endpoint uses (`[]` when none). */
  readonly uses: U;
  /** @internal The compiled path. */
  readonly pattern: PathPattern;
  /** Answers one HTTP call (see {@link EndpointDefinitionInput.invoke}). */
  invoke(request: Request, context: EndpointContext<S, ExtensionApis<U>, PathParams<P>>): EndpointReturn;
}

/** Any defined endpoint, whatever its path, settings and extensions (what a group's `endpoints` holds). */
export interface AnyEndpointDefinition
  extends Omit<
    EndpointDefinition<string, SettingsSchema, readonly SessionExtension[]>,
    "invoke" | "settings"
  > {
  /** The settings form named by the definition, if any (checked against the group's by `defineEndpointGroup`). */
  readonly settings?: SettingsSchema | undefined;
  /** Answers one HTTP call; its context depends on the endpoint's path, settings and extensions. */
  invoke(request: Request, context: never): EndpointReturn;
}

const METHODS: ReadonlySet<string> = new Set(ENDPOINT_METHODS);

/**
 * Defines an endpoint. Path variables and the settings form flow into `invoke`:
 * `defineEndpoint({ path: "/users/{id}", method: "GET", invoke: (request, { params }) => Response.json({ id: params.id }) })`.
 * Throws `ValidationError` for a bad path or method.
 */
export function defineEndpoint<
  const P extends string,
  const S extends SettingsSchema = SettingsSchema,
  const U extends readonly SessionExtension[] = readonly [],
>(definition: EndpointDefinitionInput<P, S, U>): EndpointDefinition<P, S, U> {
  if (typeof definition !== "object" || definition === null) {
    throw new ValidationError("an endpoint definition must be an object");
  }
  if (!METHODS.has(definition.method)) {
    throw new ValidationError(
      `must be one of ${ENDPOINT_METHODS.join(", ")} (upper case; the daemon routes no PATCH), got ${JSON.stringify(definition.method)}`,
      { field: "method" },
    );
  }
  if (typeof definition.invoke !== "function") {
    throw new ValidationError("must be a function (request, context) => Response", { field: "invoke" });
  }
  const pattern = compilePath(definition.path);
  return Object.freeze({
    ...definition,
    uses: definition.uses ?? ([] as unknown as U),
    kind: "endpoint" as const,
    pattern,
  });
}
