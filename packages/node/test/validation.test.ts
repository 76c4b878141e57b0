import { ValidationError } from "@x/core";
import { ParameterExtractorRequestSchema } from "@x/protocol";
import { describe, expect, it } from "vitest";
import { MODEL, type NodeSession, nodeHarness } from "./support.js";

const city = { name: "city", type: "string", description: "the city", required: true };

/** Runs `body` in a session and returns the ValidationError it rejected with; checks nothing reached the daemon. */
async function rejection(body: (session: NodeSession) => Promise<unknown>): Promise<ValidationError> {
  const harness = nodeHarness();
  const error = await harness.run(body).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ValidationError.isInstance(error)).toBe(true);
  expect(harness.dify.calls).toHaveLength(0);
  return error as ValidationError;
}

/** Untyped access, as a JavaScript caller (or a cast) would reach it. */
function extractor(session: { workflowNode: unknown }) {
  return (session.workflowNode as { parameterExtractor: { invoke(...args: unknown[]): Promise<unknown> } })
    .parameterExtractor;
}
function classifier(session: { workflowNode: unknown }) {
  return (session.workflowNode as { questionClassifier: { invoke(...args: unknown[]): Promise<unknown> } })
    .questionClassifier;
}

describe("Parameter Extractor validation (nothing is sent)", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["an empty query", { parameters: [city], model: MODEL, query: "" }, "query", /must not be empty/],
    ["a blank query", { parameters: [city], model: MODEL, query: "  \n" }, "query", /must not be empty/],
    ["a missing query", { parameters: [city], model: MODEL }, "query", /expected string/],
    ["no parameters", { parameters: [], model: MODEL, query: "q" }, "parameters", /at least one parameter/],
    [
      "a duplicate parameter name",
      {
        parameters: [city, { name: "days", type: "number" }, { ...city, required: false }],
        model: MODEL,
        query: "q",
      },
      "parameters[2].name",
      /duplicate parameter name "city"/,
    ],
    [
      "the reserved name __reason",
      { parameters: [city, { name: "__reason", type: "string" }], model: MODEL, query: "q" },
      "parameters[1].name",
      /reserved/,
    ],
    [
      "the reserved name __is_success",
      { parameters: [{ name: "__is_success", type: "number" }], model: MODEL, query: "q" },
      "parameters[0].name",
      /reserved/,
    ],
    [
      "an empty parameter name",
      { parameters: [{ name: "", type: "string" }], model: MODEL, query: "q" },
      "parameters[0].name",
      /name is required/,
    ],
    [
      "a select without options",
      {
        parameters: [city, { name: "d", type: "number" }, { name: "unit", type: "select" }],
        model: MODEL,
        query: "q",
      },
      "parameters[2].options",
      /select parameter needs at least one option/,
    ],
    [
      "a select with an empty options list",
      { parameters: [{ name: "unit", type: "select", options: [] }], model: MODEL, query: "q" },
      "parameters[0].options",
      /at least one option/,
    ],
    [
      "options on a number parameter",
      { parameters: [{ name: "n", type: "number", options: ["1"] }], model: MODEL, query: "q" },
      "parameters[0].options",
      /only apply to select and string/,
    ],
    [
      "an unknown type",
      { parameters: [city, { name: "when", type: "date" }], model: MODEL, query: "q" },
      "parameters[1].type",
      /unknown parameter type; use one of string, number, bool/,
    ],
    [
      "array[boolean], which the daemon rejects",
      { parameters: [{ name: "flags", type: "array[boolean]" }], model: MODEL, query: "q" },
      "parameters[0].type",
      /unknown parameter type/,
    ],
    [
      "a misspelt parameter key",
      { parameters: [{ name: "x", type: "string", descripton: "typo" }], model: MODEL, query: "q" },
      "parameters[0]",
      /descripton/,
    ],
    [
      "a non-boolean required",
      { parameters: [{ name: "x", type: "string", required: "yes" }], model: MODEL, query: "q" },
      "parameters[0].required",
      /expected boolean/,
    ],
    [
      "a model without provider",
      { parameters: [city], model: { model: "gpt-4o-mini" }, query: "q" },
      "model.provider",
      /expected string/,
    ],
    [
      "a model with an empty name",
      { parameters: [city], model: { provider: "p", model: "" }, query: "q" },
      "model.model",
      /model name is required/,
    ],
    [
      "an unknown model mode",
      { parameters: [city], model: { ...MODEL, mode: "agent" }, query: "q" },
      "model.mode",
      /chat/,
    ],
    [
      "non-object completion_params",
      { parameters: [city], model: { ...MODEL, completion_params: [1] }, query: "q" },
      "model.completion_params",
      /expected record/,
    ],
  ];

  it.each(cases)("rejects %s, naming the field", async (_label, request, field, message) => {
    const error = await rejection((session) => extractor(session).invoke(request));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it("refuses the Python SDK's positional form: one request object per call", async () => {
    const error = await rejection((session) => extractor(session).invoke([city], MODEL, "q"));
    expect(error.message).toMatch(/expected object/);
  });

  it("keeps the whole zod error as the cause", async () => {
    const error = await rejection((session) =>
      extractor(session).invoke({ parameters: [], model: {}, query: "" }),
    );
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe("Question Classifier validation (nothing is sent)", () => {
  const weather = { id: "1", name: "weather" };
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["an empty query", { classes: [weather], model: MODEL, query: "" }, "query", /must not be empty/],
    ["no classes", { classes: [], model: MODEL, query: "q" }, "classes", /at least one class/],
    [
      "a duplicate class id",
      { classes: [weather, { id: "1", name: "sports" }], model: MODEL, query: "q" },
      "classes[1].id",
      /duplicate class id "1"/,
    ],
    [
      "a duplicate class name",
      { classes: [weather, { id: "2", name: "weather" }], model: MODEL, query: "q" },
      "classes[1].name",
      /duplicate class name "weather"/,
    ],
    [
      "an empty class id",
      { classes: [{ id: "", name: "x" }], model: MODEL, query: "q" },
      "classes[0].id",
      /class id is required/,
    ],
    [
      "a numeric class id",
      { classes: [{ id: 1, name: "x" }], model: MODEL, query: "q" },
      "classes[0].id",
      /expected string/,
    ],
    ["a missing model", { classes: [weather], query: "q" }, "model", /expected object/],
  ];

  it.each(cases)("rejects %s, naming the field", async (_label, request, field, message) => {
    const error = await rejection((session) => classifier(session).invoke(request));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it("refuses the Python SDK's positional form: one request object per call", async () => {
    const error = await rejection((session) => classifier(session).invoke([weather], MODEL, "q"));
    expect(error.message).toMatch(/expected object/);
  });
});

describe("request normalisation", () => {
  it("sends boolean as bool and fills description, required, options, mode and completion_params", () => {
    const request = ParameterExtractorRequestSchema.parse({
      parameters: [{ name: "ok", type: "boolean" }],
      model: { provider: "p", model: "m", completion_params: null },
      query: "q",
      instruction: null,
    });
    expect(JSON.stringify(request)).toBe(
      '{"parameters":[{"name":"ok","type":"bool","options":[],"description":"","required":false}],' +
        '"model":{"provider":"p","name":"m","mode":"chat","completion_params":{}},"query":"q","instruction":""}',
    );
  });
});
