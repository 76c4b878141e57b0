import { type Logger, type Session, type SessionExtension, ValidationError } from "@x/core";
import type { ExtensionApis } from "@x/core/internal";
import { checkedIdentityName as checkedName, formI18n as i18n } from "@x/core/internal";
import type { EventDeclaration, I18nInput, TriggerSubscription } from "@x/protocol";
import { z } from "zod";
import {
  declareEventParameters,
  type EventParameterDefinitions,
  type EventParameterValues,
} from "./event-parameters.js";

/** How the credentials were obtained: `api-key`, `oauth2` or `unauthorized`. */
export type CredentialType = "api-key" | "oauth2" | "unauthorized" | (string & {});

/** The variables an event returns: the `outputSchema`'s input type when it is a zod schema, else any object. */
export type EventVariables<O> = O extends z.ZodType<unknown, infer I> ? I : Readonly<Record<string, unknown>>;

/**
 * What an event's `invoke` receives (`invoke_trigger_event`, §2.3). `P` types `parameters`; `A` is what the
 * event's `uses` adds to the session.
 */
export interface TriggerEventContext<
  P extends EventParameterDefinitions = EventParameterDefinitions,
  A = unknown,
> {
  /** The webhook call `dispatch` accepted, decoded again (its body can be read once; `body` holds the bytes). */
  readonly request: Request;
  /** The raw body bytes of the webhook call. */
  readonly body: Uint8Array;
  /** The workflow's values for the event's parameters (defaults filled in). */
  readonly parameters: EventParameterValues<P>;
  /** What `dispatch` returned as `payload` (`{}` when it returned none). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The subscription the webhook arrived on. */
  readonly subscription: TriggerSubscription;
  /** The subscription's credentials, decrypted by Dify. Never log them. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** How the credentials were obtained. */
  readonly credentialType: CredentialType;
  /** The provider's name. */
  readonly provider: string;
  /** The event's name. */
  readonly event: string;
  /** The daemon session, with the extensions the event `uses`. */
  readonly session: Session<A>;
  /** Aborts when the session ends or the connection drops. */
  readonly signal: AbortSignal;
  /** The session's logger. */
  readonly logger: Logger;
  /** Drops this webhook for this workflow (`cancelled: true`); throws, so `return ctx.ignore()` reads well. */
  ignore(reason?: string): never;
}

/** The definition of one event, as given to {@link defineTriggerEvent}. */
export interface TriggerEventDefinitionInput<
  N extends string = string,
  P extends EventParameterDefinitions = EventParameterDefinitions,
  O = undefined,
  U extends readonly SessionExtension[] = readonly SessionExtension[],
> {
  /** Session extensions `invoke` calls; installed when the provider is registered and typed on `session`. */
  uses?: U;
  /** `name` (`^[a-zA-Z0-9_-]+$`, what `dispatch` returns), `label` (default: the name), `author` (default: the provider's). */
  identity: { name: N; label?: I18nInput; author?: string };
  /** What the event means, shown in the workflow editor. */
  description: I18nInput;
  /** Parameters a workflow sets on the trigger node (filters, options); their types type `parameters`. */
  parameters?: P & EventParameterDefinitions;
  /**
   * The shape of the variables the event returns: a zod object (types and checks `invoke`'s result; declared as
   * JSON Schema with `z.toJSONSchema`) or a JSON Schema object (declared as given, not checked).
   */
  outputSchema?: O;
  /** Turns the webhook into the workflow's variables; `context.ignore()` drops it. */
  invoke(context: TriggerEventContext<P, ExtensionApis<U>>): EventVariables<O> | Promise<EventVariables<O>>;
}

/** A defined event: pass it in a trigger provider's `events`. */
export interface TriggerEventDefinition<
  N extends string = string,
  P extends EventParameterDefinitions = EventParameterDefinitions,
  O = unknown,
  U extends readonly SessionExtension[] = readonly SessionExtension[],
> extends Readonly<TriggerEventDefinitionInput<N, P, O, U>> {
  /** Brand checked by `defineTriggerProvider`. */
  readonly kind: "trigger-event";
  /** The event's name. */
  readonly name: N;
  /** The extensions the event uses (`[]` when none). */
  readonly uses: U;
}

/** Any defined event (what a provider's `events` holds). */
// biome-ignore lint/suspicious/noExplicitAny: the output schema and parameters vary per event; only the name is read
export type AnyTriggerEvent = TriggerEventDefinition<string, any, any, readonly SessionExtension[]>;

/**
 * Defines a trigger event: `defineTriggerEvent({ identity: { name: "push" }, description: "A push",
 * outputSchema: z.object({ ref: z.string() }), invoke: ({ payload }) => ({ ref: String(payload.ref) }) })`.
 */
export function defineTriggerEvent<
  const N extends string,
  const P extends EventParameterDefinitions = Record<never, never>,
  O = undefined,
  const U extends readonly SessionExtension[] = readonly [],
>(definition: TriggerEventDefinitionInput<N, P, O, U>): TriggerEventDefinition<N, P, O, U> {
  if (typeof definition !== "object" || definition === null) {
    throw new ValidationError("an event definition must be an object");
  }
  const name = checkedName(definition.identity?.name, "identity.name") as N;
  if (typeof definition.invoke !== "function") {
    throw new ValidationError("must be a function returning the event's variables", {
      field: `${name}.invoke`,
    });
  }
  return Object.freeze({
    ...definition,
    name,
    uses: definition.uses ?? ([] as unknown as U),
    kind: "trigger-event" as const,
  });
}

/** Whether `schema` is a zod schema (duck-typed, so one from another copy of zod counts). */
export function isZodSchema(schema: unknown): schema is z.ZodType {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}

/** The event as declared to the daemon (`EventDeclaration`), its author defaulting to `author`. */
export function declareEvent(event: AnyTriggerEvent, author: string, field: string): EventDeclaration {
  const identity = event.identity;
  const declaration: EventDeclaration = {
    identity: {
      author: identity.author ?? author,
      name: checkedName(identity.name, `${field}.identity.name`),
      label: i18n(identity.label ?? identity.name, `${field}.identity.label`),
    },
    parameters: declareEventParameters(event.parameters, `${field}.parameters`),
    description: i18n(event.description, `${field}.description`),
  };
  const schema: unknown = event.outputSchema;
  if (isZodSchema(schema)) {
    const { $schema: _, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
    declaration.output_schema = json;
  } else if (schema !== undefined) {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
      throw new ValidationError("must be a zod schema or a JSON Schema object", {
        field: `${field}.outputSchema`,
      });
    }
    declaration.output_schema = schema as Record<string, unknown>;
  }
  return declaration;
}
