import { createTestHarness, type MockDify, type TestHarness, type ToolRunResult } from "@x/testing";
import { afterEach } from "vitest";
import { createSupportTriagePlugin } from "../src/plugin.js";

/** A `model-selector` value as Dify sends it. */
export const MODEL = {
  provider: "langgenius/openai/openai",
  model: "gpt-4o-mini",
  model_type: "llm",
  mode: "chat",
  completion_params: { temperature: 0.2, max_tokens: 512, stop: ["\n\n"] },
};

/** The node model the sample must derive from {@link MODEL}. */
export const NODE_MODEL = {
  provider: "langgenius/openai/openai",
  name: "gpt-4o-mini",
  mode: "chat",
  completion_params: { temperature: 0.2, max_tokens: 512, stop: ["\n\n"] },
};

const open: TestHarness[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((harness) => harness.close()));
});

/** A harness running a fresh sample plugin against `dify`; closed after the test. */
export function harnessFor(dify: MockDify, options: { strict?: boolean } = {}): TestHarness {
  const harness = createTestHarness(createSupportTriagePlugin(), { dify, ...options });
  open.push(harness);
  return harness;
}

/** Runs `triage` with `message` and {@link MODEL}, plus any other parameters. */
export function triage(
  harness: TestHarness,
  message: string,
  extra: Record<string, unknown> = {},
): Promise<ToolRunResult> {
  return harness.invokeTool({
    provider: "support_triage",
    tool: "triage",
    parameters: { message, model: MODEL, ...extra },
  });
}

/** A classifier answer choosing `name`. */
export function classifiedAs(name: string, query = "") {
  return { inputs: { query }, outputs: { class_name: name, class_id: name }, process_data: {} };
}

/** The `json_object` of the run's only `json` message. */
export function reportOf(result: ToolRunResult): Record<string, unknown> {
  const json = result.messages.filter((message) => message.type === "json");
  if (json.length !== 1) throw new Error(`expected one json message, got ${json.length}`);
  return (json[0] as { message: { json_object: Record<string, unknown> } }).message.json_object;
}
