import { Plugin } from "@x/core";
import { createTestHarness, MockDify } from "@x/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { workflowNodeExtension } from "../src/index.js";

// The README's plugin, verbatim except for the transport (the test plays the daemon).
const model = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" };

const plugin = new Plugin().use(workflowNodeExtension).on("tool", "invoke_tool", async function* (session) {
  const { query } = (session.data as Record<string, unknown>).tool_parameters as { query: string };

  // 1. Question Classifier, Python-style positional arguments.
  const classified = await session.workflowNode.questionClassifier.invoke({
    classes: [
      { id: "1", name: "weather" },
      { id: "2", name: "other" },
    ],
    model: model,
    query: query,
  });
  if (classified.outputs.class_name === "other") {
    yield { type: "text", message: { text: "I only know about the weather." }, meta: null };
    return;
  }

  // 2. Parameter Extractor, object form. `outputs` is typed:
  //    { city: string; days?: number; unit?: "c" | "f" }
  const extracted = await session.workflowNode.parameterExtractor.invoke(
    {
      parameters: [
        { name: "city", type: "string", description: "the city", required: true },
        { name: "days", type: "number", description: "how many days" },
        { name: "unit", type: "select", options: ["c", "f"] },
      ],
      model,
      query,
      instruction: "Extract the weather request.",
    },
    { timeout: 60_000, signal: session.signal },
  );

  // 3. A failed extraction is a result, not an exception, unless you ask for one.
  if (!extracted.ok) {
    yield { type: "text", message: { text: `Could not understand: ${extracted.reason}` }, meta: null };
    return;
  }
  const { city, days = 1, unit = "c" } = extracted.outputs;
  yield { type: "json", message: { json_object: { city, days, unit } }, meta: null };
});

/** Plays the daemon: answers each node call from `answers` (by invoke type), returns the tool's stream items. */
async function runTool(query: string, answers: Record<string, unknown>): Promise<unknown[]> {
  const dify = new MockDify();
  for (const [type, answer] of Object.entries(answers)) dify.onInvokeRaw(type, answer);
  const harness = createTestHarness(plugin, { dify });
  onTestFinished(() => harness.close());
  const result = await harness.invokeTool({ provider: "weather", tool: "forecast", parameters: { query } });
  return result.items;
}

describe("README example", () => {
  it("classifies, extracts and yields the typed outputs", async () => {
    const items = await runTool("Weather in Oslo for 2 days", {
      node_question_classifier: {
        inputs: {},
        outputs: { class_name: "weather", class_id: "1" },
        process_data: {},
      },
      node_parameter_extractor: {
        inputs: {},
        outputs: { __is_success: 1, __reason: null, city: "Oslo", days: 2, unit: "c" },
        process_data: {},
      },
    });
    expect(items).toEqual([
      { type: "json", message: { json_object: { city: "Oslo", days: 2, unit: "c" } }, meta: null },
    ]);
  });

  it("answers politely for another class and reports a failed extraction's reason", async () => {
    expect(
      await runTool("hi", {
        node_question_classifier: {
          inputs: {},
          outputs: { class_name: "other", class_id: "2" },
          process_data: {},
        },
      }),
    ).toEqual([{ type: "text", message: { text: "I only know about the weather." }, meta: null }]);
    expect(
      await runTool("weather?", {
        node_question_classifier: { inputs: {}, outputs: { class_name: "weather" }, process_data: {} },
        node_parameter_extractor: {
          inputs: {},
          outputs: { __is_success: 0, __reason: "Parameter city is required", city: "" },
          process_data: {},
        },
      }),
    ).toEqual([
      { type: "text", message: { text: "Could not understand: Parameter city is required" }, meta: null },
    ]);
  });
});
