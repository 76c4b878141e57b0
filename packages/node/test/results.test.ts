import { describe, expect, it } from "vitest";
import {
  ExtractionFailedError,
  InvalidNodeResponseError,
  NoNodeResponseError,
  unwrapExtraction,
} from "../src/index.js";
import { answering, MODEL } from "./support.js";

const parameters = [
  { name: "city", type: "string", required: true },
  { name: "days", type: "number" },
  { name: "unit", type: "select", options: ["c", "f"] },
  { name: "rain", type: "boolean" },
  { name: "tags", type: "array[string]" },
  { name: "temps", type: "array[number]" },
  { name: "stops", type: "array[object]" },
] as const;

const USAGE = {
  prompt_tokens: 120,
  completion_tokens: 12,
  total_tokens: 132,
  total_price: "0.0001",
  currency: "USD",
  latency: 0.8,
};

/** Runs an extraction whose single reply is `reply` (one `struct` response), then `end`. */
async function extractWith(reply: unknown, options: { throwOnFailure?: boolean } = {}) {
  return answering("node_parameter_extractor", reply).run((session) =>
    session.workflowNode.parameterExtractor.invoke({ parameters, model: MODEL, query: "q" }, options),
  );
}

async function classifyWith(reply: unknown) {
  return answering("node_question_classifier", reply).run((session) =>
    session.workflowNode.questionClassifier.invoke({
      classes: [
        { id: "c1", name: "weather" },
        { id: "c2", name: "sports" },
      ],
      model: MODEL,
      query: "q",
    }),
  );
}

const full = {
  city: "Paris",
  days: 3,
  unit: "c",
  rain: false,
  tags: ["trip"],
  temps: [12.5, 14],
  stops: [{ at: "Lyon" }],
};

describe("Parameter Extractor results", () => {
  it("returns ok with the outputs minus Dify's __ keys, and usage from __usage", async () => {
    const result = await extractWith({
      inputs: { query: "q" },
      outputs: { __is_success: 1, __reason: null, __usage: USAGE, ...full },
      process_data: { model_mode: "chat" },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.outputs).toEqual(full);
    expect(result.usage).toEqual(USAGE);
    expect(result.process_data).toEqual({ model_mode: "chat" });
    expect(result.raw.outputs.__is_success).toBe(1);
  });

  it("reports a failed extraction (__is_success 0) as ok: false with Dify's reason and error", async () => {
    const result = await extractWith({
      inputs: { query: "q" },
      outputs: { __is_success: 0, __reason: "Failed to invoke model", __error: "quota exceeded" },
      process_data: {},
    });
    expect(result).toMatchObject({ ok: false, reason: "Failed to invoke model", error: "quota exceeded" });
    expect("outputs" in result).toBe(false);
    expect(() => unwrapExtraction(result)).toThrow(ExtractionFailedError);
  });

  it("never hands out Dify's placeholder defaults of a failed extraction as outputs", async () => {
    const result = await extractWith({
      inputs: {},
      outputs: {
        __is_success: 0,
        __reason: "Invalid number of parameters",
        __usage: USAGE,
        city: "",
        days: 0,
      },
      process_data: {},
    });
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty("outputs");
    expect(result.usage).toEqual(USAGE);
  });

  it("throws ExtractionFailedError carrying the reason and the result with throwOnFailure", async () => {
    const error = await extractWith(
      { inputs: {}, outputs: { __is_success: 0, __reason: "Parameter city is required" }, process_data: {} },
      { throwOnFailure: true },
    ).catch((caught: unknown) => caught);
    expect(ExtractionFailedError.isInstance(error)).toBe(true);
    const failure = error as ExtractionFailedError;
    expect(failure.reason).toBe("Parameter city is required");
    expect(failure.message).toBe("Parameter extraction failed: Parameter city is required");
    expect(failure.result.ok).toBe(false);
    expect(failure.code).toBe("DIFY_ERR_EXTRACTION_FAILED");
  });

  it("gives a failure without a reason a reason of its own", async () => {
    const result = await extractWith({ inputs: {}, outputs: { __is_success: 0 }, process_data: {} });
    expect(result.ok === false && result.reason).toMatch(/without a reason/);
  });

  it("accepts a reply without __is_success (the daemon mock, older Dify) and checks it the same way", async () => {
    const result = await extractWith({ inputs: {}, outputs: { city: "Oslo" }, process_data: {} });
    expect(result).toMatchObject({ ok: true, outputs: { city: "Oslo" } });
  });

  const invalid: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["a missing required parameter", { days: 1 }, "outputs.city", /required parameter missing/],
    ["a number given as text", { city: "x", days: "3" }, "outputs.days", /expected a number, got a string/],
    [
      "a select value outside the options",
      { city: "x", unit: "k" },
      "outputs.unit",
      /"k" is not one of the options/,
    ],
    ["a non-boolean bool", { city: "x", rain: 1 }, "outputs.rain", /expected a boolean/],
    ["a bad array item", { city: "x", temps: [1, "2"] }, "outputs.temps", /item 1 is a string/],
    ["objects that are not objects", { city: "x", stops: [[1]] }, "outputs.stops", /item 0 is an array/],
    ["a null value", { city: null }, "outputs.city", /expected a string, got null/],
    ["a strange __is_success", { __is_success: "yes", city: "x" }, "outputs.__is_success", /expected 0 or 1/],
    [
      "a malformed __usage",
      { city: "x", __usage: { total_tokens: "many" } },
      "outputs.__usage.total_tokens",
      /number/,
    ],
  ];

  it.each(invalid)(
    "rejects a successful reply with %s as InvalidNodeResponseError",
    async (_l, outputs, field, re) => {
      const error = await extractWith({ inputs: {}, outputs, process_data: {} }).catch(
        (caught: unknown) => caught,
      );
      expect(InvalidNodeResponseError.isInstance(error)).toBe(true);
      const invalidReply = error as InvalidNodeResponseError;
      expect(invalidReply.field).toBe(field);
      expect(invalidReply.message).toMatch(re);
      expect(invalidReply.invokeType).toBe("node_parameter_extractor");
    },
  );

  const shapes: Array<[string, unknown, string | undefined, RegExp]> = [
    [
      "process_data null",
      { inputs: {}, outputs: {}, process_data: null },
      "process_data",
      /expected an object, got null/,
    ],
    ["no outputs", { inputs: {}, process_data: {} }, "outputs", /expected an object, got nothing/],
    ["inputs as an array", { inputs: [], outputs: {}, process_data: {} }, "inputs", /got an array/],
    ["a string reply", "done", undefined, /expected an object, got a string/],
  ];

  it.each(shapes)("rejects a reply with %s, naming the part", async (_l, reply, field, re) => {
    const error = await extractWith(reply).catch((caught: unknown) => caught);
    expect(InvalidNodeResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidNodeResponseError).field).toBe(field);
    expect((error as InvalidNodeResponseError).message).toMatch(re);
    expect((error as InvalidNodeResponseError).message).toMatch(
      /^Invalid reply from workflow node parameter extractor/,
    );
  });
});

describe("Question Classifier results", () => {
  it("returns class_name, class_id and usage from process_data", async () => {
    const result = await classifyWith({
      inputs: { query: "q" },
      outputs: { class_name: "sports", class_id: "c2" },
      process_data: { model_mode: "chat", usage: USAGE, finish_reason: "stop" },
    });
    expect(result.outputs).toEqual({ class_name: "sports", class_id: "c2" });
    expect(result.usage).toEqual(USAGE);
    expect(result.process_data.finish_reason).toBe("stop");
  });

  it("derives class_id from the class name when Dify's reply lacks it", async () => {
    const result = await classifyWith({ inputs: {}, outputs: { class_name: "weather" }, process_data: {} });
    expect(result.outputs).toEqual({ class_name: "weather", class_id: "c1" });
    expect(result).not.toHaveProperty("usage");
  });

  const invalid: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["no class_name (a failed node)", {}, "outputs.class_name", /expected a class name, got nothing/],
    [
      "a class that was not offered",
      { class_name: "news" },
      "outputs.class_name",
      /"news" is not one of the classes/,
    ],
    [
      "a class_id of another class",
      { class_name: "weather", class_id: "c2" },
      "outputs.class_id",
      /expected "c1"/,
    ],
  ];

  it.each(invalid)("rejects a reply with %s as InvalidNodeResponseError", async (_l, outputs, field, re) => {
    const error = await classifyWith({ inputs: {}, outputs, process_data: {} }).catch(
      (caught: unknown) => caught,
    );
    expect(InvalidNodeResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidNodeResponseError).field).toBe(field);
    expect((error as InvalidNodeResponseError).message).toMatch(re);
  });
});

describe("no response", () => {
  it("fails a Parameter Extractor call that ends without a reply with NoNodeResponseError", async () => {
    const harness = answering("node_parameter_extractor", []); // no response event, only `end`
    const result = harness.run((session) =>
      session.workflowNode.parameterExtractor.invoke({ parameters, model: MODEL, query: "q" }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(NoNodeResponseError.isInstance(error)).toBe(true);
    expect((error as NoNodeResponseError).message).toMatch(
      /^No response from workflow node parameter extractor/,
    );
    expect((error as NoNodeResponseError).backwardsRequestId).toBe(harness.dify.calls[0]!.backwardsRequestId);
  });

  it("fails a Question Classifier call that ends without a reply with NoNodeResponseError", async () => {
    const harness = answering("node_question_classifier", []); // no response event, only `end`
    const result = harness.run((session) =>
      session.workflowNode.questionClassifier.invoke({
        classes: [{ id: "1", name: "a" }],
        model: MODEL,
        query: "q",
      }),
    );
    const error = await result.catch((caught: unknown) => caught);
    expect(NoNodeResponseError.isInstance(error)).toBe(true);
    expect((error as NoNodeResponseError).message).toMatch(
      /^No response from workflow node question classifier/,
    );
    expect((error as NoNodeResponseError).invokeType).toBe("node_question_classifier");
  });
});
