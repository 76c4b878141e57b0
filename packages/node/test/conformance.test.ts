import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { answering, type NodeSession } from "./support.js";

const TRANSCRIPTS = fileURLToPath(new URL("../../../conformance/python-sdk-0.10.1/", import.meta.url));

function transcriptLines(name: string, stream: "plugin-stdout" | "daemon-stdin"): string[] {
  return readFileSync(`${TRANSCRIPTS}${name}.${stream}.txt`, "utf8")
    .split("\n")
    .filter((line) => line.length > 0);
}

/** The Python SDK's `invoke` line and its backwards_request_id. */
function pythonInvoke(name: string): { line: string; id: string } {
  const line = transcriptLines(name, "plugin-stdout").find((text) => text.includes('"type":"invoke"'))!;
  const id = /"backwards_request_id":"([0-9a-f]{32})"/.exec(line)![1]!;
  return { line, id };
}

/** The daemon's recorded answer to the Python call: its one `struct` response (then `end`). */
function recordedAnswer(name: string): unknown {
  const responses = transcriptLines(name, "daemon-stdin")
    .map(
      (line) =>
        JSON.parse(line) as { event: string; data: { event?: string; message?: string; data?: unknown } },
    )
    .filter((frame) => frame.event === "backwards_response" && frame.data.event === "response");
  expect(responses.map((frame) => frame.data.message)).toEqual(["struct"]);
  return responses[0]!.data.data;
}

/**
 * Runs `body` in session `sessionId` while Dify answers `type` with `answer`, and returns what it resolved with,
 * the plugin's `invoke` line and the call's id. The line is the frame the daemon end decoded, serialised again:
 * the plugin encodes with `JSON.stringify`, and stringifying what `JSON.parse` read back gives the same text.
 */
async function invokeLine<T>(
  type: string,
  answer: unknown,
  sessionId: string,
  body: (session: NodeSession) => Promise<T>,
): Promise<{ value: T; line: string; id: string }> {
  const lines: string[] = [];
  const harness = answering(type, answer, {
    observe: (direction, frame) => {
      if (direction === "in") lines.push(JSON.stringify(frame));
    },
  });
  const value = await harness.run(body, { sessionId });
  const invokes = lines.filter((line) => line.includes('"type":"invoke"'));
  expect(invokes).toHaveLength(1);
  return { value, line: invokes[0]!, id: harness.dify.calls[0]!.backwardsRequestId };
}

const PE = "02_parameter_extractor";
const PE_SESSION = "00000000-0000-4000-8000-000000000002";
const QC = "03_question_classifier";
const QC_SESSION = "00000000-0000-4000-8000-000000000003";
const MODEL_PE = {
  provider: "langgenius/openai/openai",
  model: "gpt-4o-mini",
  mode: "chat",
  completion_params: { temperature: 0.1 },
} as const;

describe("Parameter Extractor request bytes (transcript 02)", () => {
  // What the Python SDK sends for these inputs: every field given explicitly, so both SDKs agree.
  const explicit = [
    { name: "city", type: "string", description: "the city", required: true },
    { name: "days", type: "number", description: "", required: false },
    { name: "unit", type: "select", options: ["c", "f"], description: "unit", required: false },
  ] as const;
  /** Runs `body` in the transcript's session while Dify answers with `answer` (default: the recorded one). */
  const extract = <T>(body: (session: NodeSession) => Promise<T>, answer: unknown = recordedAnswer(PE)) =>
    invokeLine("node_parameter_extractor", answer, PE_SESSION, body);
  const pythonForExplicit = (line: string) =>
    line.replace('"description":null', '"description":""').replace('"required":null', '"required":false');

  it("writes the same invoke line as the Python SDK (object form), and replaying the daemon's answer gives typed outputs", async () => {
    const python = pythonInvoke(PE);
    const { value, line, id } = await extract((session) =>
      session.workflowNode.parameterExtractor.invoke({
        parameters: explicit,
        model: MODEL_PE,
        query: "Weather in Paris for 3 days in celsius",
        instruction: "extract",
      }),
    );
    expect(line).toBe(pythonForExplicit(python.line).replace(python.id, id));
    expect(value.ok).toBe(true);
    if (value.ok) expect(value.outputs).toEqual({ city: "Paris", days: 3, unit: "c" });
    expect(value.inputs).toEqual({ query: "Weather in Paris for 3 days in celsius" });
  });

  it("writes the same invoke line with the Python SDK's positional arguments", async () => {
    const python = pythonInvoke(PE);
    const { value, line, id } = await extract((session) =>
      session.workflowNode.parameterExtractor.invoke({
        parameters: explicit,
        model: MODEL_PE,
        query: "Weather in Paris for 3 days in celsius",
        instruction: "extract",
      }),
    );
    expect(line).toBe(pythonForExplicit(python.line).replace(python.id, id));
    expect(value.ok).toBe(true);
  });

  it('deliberately sends description "" and required false where the Python SDK sends null (Dify\'s API rejects null)', async () => {
    const python = pythonInvoke(PE);
    // The transcript's own inputs: `days` without description, `unit` without required.
    const { value, line, id } = await extract(
      (session) =>
        session.workflowNode.parameterExtractor.invoke({
          parameters: [
            { name: "city", type: "string", description: "the city", required: true },
            { name: "days", type: "number", required: false },
            { name: "unit", type: "select", options: ["c", "f"], description: "unit" },
          ],
          model: MODEL_PE,
          query: "Weather in Paris for 3 days in celsius",
          instruction: "extract",
        }),
      { inputs: {}, outputs: { city: "Paris", days: 3, unit: "c" }, process_data: {} },
    );
    const ours = line.replace(id, python.id);
    expect(ours).not.toBe(python.line);
    // The only differences are the two nulls, in place: same keys, same order.
    expect(
      ours
        .replace('"description":""', '"description":null')
        .replace('"required":false}]', '"required":null}]'),
    ).toBe(python.line);
    expect(value.ok).toBe(true);
  });
});

describe("Question Classifier request bytes (transcript 03)", () => {
  const classes = [
    { id: "1", name: "weather" },
    { id: "2", name: "sports" },
  ] as const;
  /** Runs `body` in the transcript's session while Dify replays the recorded answer. */
  const classify = <T>(body: (session: NodeSession) => Promise<T>) =>
    invokeLine("node_question_classifier", recordedAnswer(QC), QC_SESSION, body);

  it("writes the same invoke line as the Python SDK given completion_params {} (object form), and replays to a typed class", async () => {
    const python = pythonInvoke(QC);
    const { value, line, id } = await classify((session) =>
      session.workflowNode.questionClassifier.invoke({
        classes,
        model: {
          provider: "langgenius/openai/openai",
          model: "gpt-4o-mini",
          mode: "chat",
          completion_params: {},
        },
        query: "Will it rain tomorrow?",
      }),
    );
    expect(line).toBe(
      python.line.replace('"completion_params":null', '"completion_params":{}').replace(python.id, id),
    );
    // The recorded reply has no class_id: it is derived from the class name.
    expect(value.outputs).toEqual({ class_name: "weather", class_id: "1" });
  });

  it("writes the same invoke line with the Python SDK's positional arguments", async () => {
    const python = pythonInvoke(QC);
    const { value, line, id } = await classify((session) =>
      session.workflowNode.questionClassifier.invoke({
        classes: classes,
        model: { provider: "langgenius/openai/openai", model: "gpt-4o-mini", completion_params: {} },
        query: "Will it rain tomorrow?",
      }),
    );
    expect(line).toBe(
      python.line.replace('"completion_params":null', '"completion_params":{}').replace(python.id, id),
    );
    expect(value.outputs.class_name).toBe("weather");
  });

  it("deliberately sends completion_params {} where the Python SDK sends null (Dify's API requires a dict)", async () => {
    const python = pythonInvoke(QC);
    const { value, line, id } = await classify((session) =>
      session.workflowNode.questionClassifier.invoke({
        classes: classes,
        model: { provider: "langgenius/openai/openai", model: "gpt-4o-mini" },
        query: "Will it rain tomorrow?",
      }),
    );
    const ours = line.replace(id, python.id);
    expect(ours).not.toBe(python.line);
    expect(ours.replace('"completion_params":{}', '"completion_params":null')).toBe(python.line);
    expect(value.outputs.class_name).toBe("weather");
  });
});
