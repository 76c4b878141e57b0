import { definePluginManifest, ValidationError } from "@x/core";
import { validateRegistration } from "@x/core/internal";
import { TriggerProviderDeclarationSchema } from "@x/protocol";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { defineTriggerEvent, defineTriggerProvider } from "../src/index.js";
import { fixtureProvider } from "./fixture.js";

const identity = { author: "acme", name: "hooks", label: "Hooks", description: "Hooks", icon: "icon.svg" };
const ping = defineTriggerEvent({ identity: { name: "ping" }, description: "A ping", invoke: () => ({}) });
const dispatch = () => ({ events: ["ping" as const] });

describe("trigger provider declaration", () => {
  it("builds the declaration the daemon validates: forms, constructor, events with JSON Schema outputs", () => {
    const { declaration } = fixtureProvider();
    expect(TriggerProviderDeclarationSchema.safeParse(declaration).success).toBe(true);
    expect(declaration.identity).toEqual({
      author: "acme",
      name: "hub",
      label: { en_US: "Hub" },
      description: { en_US: "Webhooks from Hub" },
      icon: "icon.svg",
      tags: [],
    });
    expect(declaration.subscription_schema).toEqual([
      expect.objectContaining({ name: "webhook_secret", type: "secret-input", required: true }),
    ]);
    expect(declaration.subscription_constructor?.credentials_schema).toEqual([
      expect.objectContaining({
        name: "token",
        type: "secret-input",
        required: true,
        label: { en_US: "API token" },
      }),
    ]);
    expect(
      declaration.subscription_constructor?.parameters?.map((p) => [p.name, p.type, p.multiple]),
    ).toEqual([
      ["repository", "string", undefined],
      ["events", "checkbox", true],
    ]);
    const [issues, push] = declaration.events ?? [];
    expect(issues?.identity).toEqual({ author: "acme", name: "issues", label: { en_US: "Issue activity" } });
    expect(issues?.output_schema).toEqual({
      type: "object",
      properties: {
        action: { type: "string" },
        title: { type: "string" },
        labels: { type: "array", items: { type: "string" } },
      },
      required: ["action", "title", "labels"],
      additionalProperties: false,
    });
    expect(push?.output_schema).toEqual({ type: "object", properties: { ref: { type: "string" } } });
    expect(JSON.parse(JSON.stringify(declaration))).toEqual(declaration);
  });

  it("declares no subscription constructor without subscribe, and an empty subscription_schema as []", () => {
    const { declaration } = defineTriggerProvider({ identity, events: [ping], dispatch });
    expect(declaration.subscription_constructor).toBeNull();
    expect(declaration.subscription_schema).toEqual([]);
    expect(TriggerProviderDeclarationSchema.safeParse(declaration).success).toBe(true);
  });

  it("refuses constructor parts without subscribe, subscribe without unsubscribe, and names the field", () => {
    const fail = (definition: object) => {
      try {
        defineTriggerProvider({ identity, events: [ping], dispatch, ...definition } as never);
      } catch (error) {
        expect(ValidationError.isInstance(error)).toBe(true);
        return (error as ValidationError).message;
      }
      throw new Error("expected a ValidationError");
    };
    expect(fail({ refresh: () => undefined })).toMatch(/refresh.*add subscribe/);
    expect(fail({ subscribe: () => ({ properties: {} }) })).toMatch(
      /unsubscribe.*is required with subscribe/,
    );
    expect(fail({ identity: { ...identity, name: "bad name" } })).toMatch(/identity\.name/);
    expect(fail({ identity: { ...identity, description: "" } })).toMatch(/identity\.description/);
    expect(fail({ identity: { ...identity, tags: ["webhooks"] } })).toMatch(/unknown tag "webhooks"/);
    expect(fail({ events: [ping, ping] })).toMatch(/repeats event ping/);
    expect(fail({ events: [{ name: "x" }] })).toMatch(/defineTriggerEvent/);
    expect(() =>
      defineTriggerEvent({ identity: { name: "a b" }, description: "x", invoke: () => ({}) }),
    ).toThrow(/identity\.name/);
  });

  it("registers as an exclusive kind: alone it passes, beside a tool it is refused", () => {
    const manifest = definePluginManifest({
      version: "0.1.0",
      author: "acme",
      name: "hooks",
      label: "Hooks",
      description: "Hooks",
      icon: "icon.svg",
      created_at: "2026-01-01T00:00:00Z",
      tags: ["trigger"],
    });
    const assets = { "icon.svg": new TextEncoder().encode("<svg/>") };
    const trigger = [fixtureProvider().declaration];
    expect(validateRegistration({ manifest, declarations: { trigger }, assets })).toEqual([]);
    const tool = [{ identity: { ...identity, tags: [] }, credentials_schema: [], tools: [] }];
    expect(validateRegistration({ manifest, declarations: { tool, trigger }, assets })).toContainEqual({
      path: "declarations",
      message: expect.stringMatching(/only tool and endpoint.*tool \+ trigger/),
    });
  });

  it("types subscription properties from subscriptionSchema, parameters and outputs from the event", () => {
    const typed = defineTriggerEvent({
      identity: { name: "typed" },
      description: "typed",
      parameters: {
        count: { type: "number", required: true },
        mode: { type: "select", options: [{ value: "a" }, { value: "b" }] },
        tags: { type: "checkbox", multiple: true, default: ["x"], options: [{ value: "x" }] },
      },
      outputSchema: z.object({ n: z.number() }),
      invoke({ parameters }) {
        expectTypeOf(parameters.count).toEqualTypeOf<number>();
        expectTypeOf(parameters.mode).toEqualTypeOf<"a" | "b" | undefined>();
        expectTypeOf(parameters.tags).toEqualTypeOf<"x"[]>();
        return { n: parameters.count };
      },
    });
    defineTriggerProvider({
      identity,
      subscriptionSchema: { secret: { type: "secret-input", required: true }, note: { type: "text-input" } },
      events: [typed],
      dispatch(_request, { subscription }) {
        expectTypeOf(subscription.properties.secret).toEqualTypeOf<string>();
        expectTypeOf(subscription.properties.note).toEqualTypeOf<string | undefined>();
        return { events: ["typed"] };
      },
    });
    defineTriggerProvider({
      identity,
      events: [typed],
      // @ts-expect-error: dispatch may only name declared events
      dispatch: () => ({ events: ["other"] }),
    });
    expect(typed.name).toBe("typed");
  });
});
