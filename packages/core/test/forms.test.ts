import { ValidationError } from "@x/core";
import {
  checkedIdentityName,
  declareFormFields,
  type FormFieldValueOf,
  type FormValuesOf,
  formI18n,
} from "@x/core/internal";
import { type ModelSelectorValue, ProviderConfigSchema } from "@x/protocol";
import { describe, expect, expectTypeOf, it } from "vitest";

// The shared provider-form definer of endpoint settings, tool / datasource credentials and trigger forms
// (`ProviderConfig`, `pkg/entities/plugin_entities/config.go`).

/** The `ValidationError` message `run` throws (fails when it does not throw one). */
function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected a ValidationError");
}

describe("declareFormFields", () => {
  it("declares [] without a form (the daemon needs the key)", () => {
    expect(declareFormFields(undefined, { field: "credentialsSchema" })).toEqual([]);
    expect(declareFormFields({}, { field: "credentialsSchema" })).toEqual([]);
  });

  it("declares absent keys as null by default, in the Python SDK's order, and the daemon's schema accepts it", () => {
    const [declared] = declareFormFields(
      { region: { type: "text-input", placeholder: "eu-west" } },
      { field: "subscriptionSchema" },
    );
    expect(declared).toStrictEqual({
      name: "region",
      type: "text-input",
      scope: null,
      required: false,
      default: null,
      options: [],
      label: { en_US: "region" },
      help: null,
      url: null,
      placeholder: { en_US: "eu-west" },
    });
    expect(Object.keys(declared ?? {})).toEqual([
      "name",
      "type",
      "scope",
      "required",
      "default",
      "options",
      "label",
      "help",
      "url",
      "placeholder",
    ]);
    expect(ProviderConfigSchema.safeParse(declared).success).toBe(true);
  });

  it("leaves absent keys out with absent: omit (endpoint settings)", () => {
    expect(
      declareFormFields(
        {
          api_key: { type: "secret-input", required: true, label: "API key" },
          app: { type: "app-selector", scope: "chat" },
        },
        { field: "settings", absent: "omit" },
      ),
    ).toStrictEqual([
      { name: "api_key", type: "secret-input", required: true, label: { en_US: "API key" } },
      { name: "app", type: "app-selector", scope: "chat", required: false, label: { en_US: "app" } },
    ]);
  });

  it("declares every given key, labels of options defaulting to their value", () => {
    const [mode] = declareFormFields(
      {
        mode: {
          type: "select",
          default: "fast",
          options: [{ value: "fast", label: { en_US: "Fast", zh_Hans: "快" } }, { value: "slow" }],
          help: "How to run",
          placeholder: "Pick one",
        },
      },
      { field: "settings", absent: "omit" },
    );
    expect(mode).toEqual({
      name: "mode",
      type: "select",
      required: false,
      default: "fast",
      options: [
        { value: "fast", label: { en_US: "Fast", zh_Hans: "快" } },
        { value: "slow", label: { en_US: "slow" } },
      ],
      label: { en_US: "mode" },
      help: { en_US: "How to run" },
      placeholder: { en_US: "Pick one" },
    });
  });

  it("turns texts with the package's i18n when given one (tool: every locale filled)", () => {
    const every = (text: string) => ({ zh_Hans: text, pt_BR: text, ja_JP: text, en_US: text });
    const [declared] = declareFormFields(
      { token: { type: "text-input", help: "Where to find it" } },
      { field: "credentialsSchema", i18n: (input) => every(typeof input === "string" ? input : input.en_US) },
    );
    expect(declared?.label).toEqual(every("token"));
    expect(declared?.help).toEqual(every("Where to find it"));
  });

  it("accepts the scopes the daemon accepts (tool_declaration_test.go: app-selector all; llm& document&tool-call)", () => {
    expect(
      declareFormFields(
        {
          app: { type: "app-selector", scope: "all" },
          model: { type: "model-selector", scope: "llm& document&tool-call" },
        },
        { field: "credentialsSchema" },
      ).map((field) => field.scope),
    ).toEqual(["all", "llm& document&tool-call"]);
  });

  it("refuses what the daemon's validator refuses, naming the field", () => {
    const at = { field: "credentialsSchema" };
    // TestWrongAppSelectorScopeToolProvider_Validate: an app-selector credential with scope "wrong".
    expect(problem(() => declareFormFields({ api_key: { type: "app-selector", scope: "wrong" } }, at))).toBe(
      "credentialsSchema.api_key.scope: wrong is not a app-selector scope (all, chat, workflow, completion)",
    );
    expect(
      problem(() =>
        declareFormFields({ m: { type: "model-selector", scope: "chat" } }, { field: "settings" }),
      ),
    ).toMatch(/^settings\.m\.scope: chat is not a model-selector scope/);
    expect(problem(() => declareFormFields({ t: { type: "text-input", scope: "llm" } }, at))).toMatch(
      /^credentialsSchema\.t\.scope: scope is only allowed on model-selector, app-selector and any fields/,
    );
    expect(problem(() => declareFormFields({ x: { type: "tool-selector" as "select" } }, at))).toBe(
      "credentialsSchema.x.type: type must be one of secret-input, text-input, select, boolean, app-selector, model-selector, array[tools]",
    );
    expect(problem(() => declareFormFields({ "bad name": { type: "text-input" } }, at))).toBe(
      'credentialsSchema.bad name: must match ^[a-zA-Z0-9_-]+$, got "bad name"',
    );
    expect(problem(() => declareFormFields({ l: { type: "text-input", label: "" } }, at))).toBe(
      "credentialsSchema.l.label: must not be empty",
    );
  });

  it("refuses a select without options, and a form that is not an object, in the package's words", () => {
    expect(
      problem(() => declareFormFields({ s: { type: "select" } }, { field: "settings", noun: "setting" })),
    ).toBe("settings.s.options: a select setting needs options");
    expect(
      problem(() => declareFormFields({ mode: { type: "select" } }, { field: "subscriptionSchema" })),
    ).toBe("subscriptionSchema.mode.options: a select field needs options");
    expect(
      problem(() => declareFormFields([] as never, { field: "credentialsSchema", noun: "credential" })),
    ).toBe("credentialsSchema: must be an object keyed by credential name");
  });
});

describe("formI18n and checkedIdentityName", () => {
  it("declares a string as en_US and keeps the given string locales of an object", () => {
    expect(formI18n("Hub", "label")).toEqual({ en_US: "Hub" });
    expect(formI18n({ en_US: "Hub", zh_Hans: "中心", ja_JP: undefined }, "label")).toEqual({
      en_US: "Hub",
      zh_Hans: "中心",
    });
  });

  it("refuses an empty or missing en_US, naming the field", () => {
    expect(problem(() => formI18n("", "identity.label"))).toBe("identity.label: must not be empty");
    expect(problem(() => formI18n({ en_US: "" }, "identity.label"))).toMatch(/non-empty en_US/);
    expect(problem(() => formI18n(undefined, "identity.description"))).toMatch(/must be a string or/);
  });

  it("returns a name matching the daemon's pattern and refuses others", () => {
    expect(checkedIdentityName("hub_2-x", "identity.name")).toBe("hub_2-x");
    expect(problem(() => checkedIdentityName(3, "identity.name"))).toBe(
      "identity.name: must match ^[a-zA-Z0-9_-]+$, got 3",
    );
  });
});

describe("typed form values", () => {
  it("types required and defaulted fields as present, selects by their options, array[tools] by Tools", () => {
    const form = {
      token: { type: "secret-input", required: true },
      verbose: { type: "boolean", default: false },
      mode: { type: "select", options: [{ value: "a" }, { value: "b" }] },
      model: { type: "model-selector" },
      tools: { type: "array[tools]" },
    } as const;
    type Values = FormValuesOf<typeof form, Array<{ tool_name: string }>>;
    expectTypeOf<Values["token"]>().toEqualTypeOf<string>();
    expectTypeOf<Values["verbose"]>().toEqualTypeOf<boolean>();
    expectTypeOf<Values["mode"]>().toEqualTypeOf<"a" | "b" | undefined>();
    expectTypeOf<Values["model"]>().toEqualTypeOf<ModelSelectorValue | undefined>();
    expectTypeOf<Values["tools"]>().toEqualTypeOf<Array<{ tool_name: string }> | undefined>();
    expectTypeOf<FormFieldValueOf<typeof form.tools>>().toEqualTypeOf<unknown[]>();
  });
});
