import { fault, MockDify, toolMessages } from "@x/testing";
import { describe, expect, it } from "vitest";
import { classifiedAs, harnessFor, MODEL, NODE_MODEL, reportOf, triage } from "./support.js";

const CLASSES = [
  { id: "billing", name: "billing" },
  { id: "bug", name: "bug" },
  { id: "other", name: "other" },
];

describe("triage", () => {
  it("classifies a billing message, extracts invoice_id and amount, and emits variable, json, text in order", async () => {
    const dify = new MockDify();
    const classifier = dify.questionClassifier(classifiedAs("billing"));
    const extractor = dify.parameterExtractor({
      outputs: { invoice_id: "INV-7", amount: 12.5, __is_success: 1, __reason: "" },
    });
    const message = "I was charged twice for INV-7 (12.50 EUR)";
    const result = await triage(harnessFor(dify), message);

    expect(result.error).toBeNull();
    expect(result.calls.map((call) => call.type)).toEqual([
      "node_question_classifier",
      "node_parameter_extractor",
    ]);
    expect(classifier.calls[0]?.request).toMatchObject({
      classes: CLASSES,
      model: NODE_MODEL,
      query: message,
    });
    const extraction = extractor.calls[0]?.request as {
      parameters: unknown[];
      model: unknown;
      query: string;
    };
    expect(extraction.model).toEqual(NODE_MODEL);
    expect(extraction.query).toBe(message);
    expect(extraction.parameters).toMatchObject([
      { name: "invoice_id", type: "string", required: true },
      { name: "amount", type: "number", required: false },
    ]);

    expect(result.messages.map((m) => m.type)).toEqual(["variable", "json", "text"]);
    expect(result.messages[0]).toMatchObject({
      message: { variable_name: "category", variable_value: "billing", stream: false },
    });
    const report = reportOf(result);
    expect(Object.keys(report)).toEqual(["category", "class_id", "extracted", "fields", "reason", "lookup"]);
    expect(report).toEqual({
      category: "billing",
      class_id: "billing",
      extracted: true,
      fields: { invoice_id: "INV-7", amount: 12.5 },
      reason: null,
      lookup: [],
    });
    expect(result.text).toContain("billing");
    expect(result.text).not.toContain("\n");
  });

  it("extracts product and a low|medium|high severity from a bug report", async () => {
    const dify = new MockDify();
    dify.questionClassifier(classifiedAs("bug"));
    const extractor = dify.parameterExtractor({
      outputs: { product: "mobile app", severity: "high", __is_success: 1, __reason: "" },
    });
    const result = await triage(harnessFor(dify), "The mobile app crashes on start");

    expect(extractor.calls[0]?.request.parameters).toMatchObject([
      { name: "product", type: "string", required: true },
      { name: "severity", type: "select", options: ["low", "medium", "high"], required: true },
    ]);
    expect(result.messages[0]).toMatchObject({
      message: { variable_name: "category", variable_value: "bug" },
    });
    expect(reportOf(result)).toEqual({
      category: "bug",
      class_id: "bug",
      extracted: true,
      fields: { product: "mobile app", severity: "high" },
      reason: null,
      lookup: [],
    });
    expect(result.text).toContain("bug");
  });

  it("makes no extraction for class other and reports extracted:false, fields:null, reason:null", async () => {
    const dify = new MockDify();
    dify.questionClassifier(classifiedAs("other"));
    const result = await triage(harnessFor(dify), "Where is your office?");

    expect(result.calls.map((call) => call.type)).toEqual(["node_question_classifier"]);
    expect(result.messages.map((m) => m.type)).toEqual(["variable", "json", "text"]);
    expect(reportOf(result)).toEqual({
      category: "other",
      class_id: "other",
      extracted: false,
      fields: null,
      reason: null,
      lookup: [],
    });
    expect(result.text).toContain("other");
  });

  it("reports a failed extraction (__is_success: 0) as extracted:false with the reason, not as an error", async () => {
    const dify = new MockDify();
    dify.questionClassifier(classifiedAs("billing"));
    dify.parameterExtractor({ outputs: { __is_success: 0, __reason: "no invoice number in the message" } });
    const result = await triage(harnessFor(dify), "I was overcharged");

    expect(result.error).toBeNull();
    expect(reportOf(result)).toEqual({
      category: "billing",
      class_id: "billing",
      extracted: false,
      fields: null,
      reason: "no invoice number in the message",
      lookup: [],
    });
    expect(result.text).toContain("billing");
    expect(result.text).toContain("no invoice number in the message");
  });

  it("passes mode and completion_params of the model selector through unchanged", async () => {
    const dify = new MockDify();
    const classifier = dify.questionClassifier(classifiedAs("other"));
    const model = {
      provider: "acme/llm/llm",
      model: "m-1",
      mode: "completion",
      completion_params: { top_p: 0.9 },
    };
    await triage(harnessFor(dify), "hello", { model });
    expect(classifier.calls[0]?.request.model).toEqual({
      provider: "acme/llm/llm",
      name: "m-1",
      mode: "completion",
      completion_params: { top_p: 0.9 },
    });
  });

  describe("lookup", () => {
    it("calls the lookup tool last with {query: message} and keeps all its text messages", async () => {
      const dify = new MockDify();
      dify.questionClassifier(classifiedAs("bug"));
      dify.parameterExtractor({ outputs: { product: "api", severity: "low", __is_success: 1 } });
      const search = dify.tool("builtin", "acme/kb/kb", "search", [
        toolMessages.text("KB-1 first hit"),
        toolMessages.json({ score: 1 }),
        toolMessages.text("KB-2 second hit"),
      ]);
      const message = "The API returns 500 sometimes";
      const result = await triage(harnessFor(dify), message, {
        lookup_provider: "acme/kb/kb",
        lookup_tool: "search",
      });

      expect(result.calls.map((call) => call.description)).toEqual([
        "node_question_classifier",
        "node_parameter_extractor",
        "tool builtin/acme/kb/kb/search",
      ]);
      expect(search.calls[0]?.request).toMatchObject({
        tool_type: "builtin",
        provider: "acme/kb/kb",
        tool: "search",
        tool_parameters: { query: message },
      });
      expect(reportOf(result).lookup).toEqual(["KB-1 first hit", "KB-2 second hit"]);
      expect(result.messages.map((m) => m.type)).toEqual(["variable", "json", "text"]);
    });

    it("runs for class other too, after the classifier", async () => {
      const dify = new MockDify();
      dify.questionClassifier(classifiedAs("other"));
      dify.tool("builtin", "acme/kb/kb", "search", [toolMessages.text("opening hours: 9-17")]);
      const result = await triage(harnessFor(dify), "When are you open?", {
        lookup_provider: "acme/kb/kb",
        lookup_tool: "search",
      });
      expect(result.calls.map((call) => call.type)).toEqual(["node_question_classifier", "tool"]);
      expect(reportOf(result)).toMatchObject({
        extracted: false,
        fields: null,
        lookup: ["opening hours: 9-17"],
      });
    });

    it.each([
      ["only lookup_provider", { lookup_provider: "acme/kb/kb" }],
      ["only lookup_tool", { lookup_tool: "search" }],
      ["empty strings", { lookup_provider: "", lookup_tool: "" }],
    ])("is skipped when %s is set", async (_, extra) => {
      const dify = new MockDify();
      dify.questionClassifier(classifiedAs("other"));
      const result = await triage(harnessFor(dify), "hi", extra);
      expect(result.calls.map((call) => call.type)).toEqual(["node_question_classifier"]);
      expect(reportOf(result).lookup).toEqual([]);
    });
  });

  describe("a failing reverse call", () => {
    it("ends the session with an error naming the classify step and carrying the daemon's message", async () => {
      const dify = new MockDify();
      dify.questionClassifier(fault.error("quota exceeded for model gpt-4o-mini"));
      const result = await triage(harnessFor(dify), "anything");

      expect(result.messages).toEqual([]);
      expect(result.error?.error_type).toBe("StepFailedError");
      expect(result.error?.message).toContain('step "classify"');
      expect(result.error?.message).toContain("quota exceeded for model gpt-4o-mini");
    });

    it("names the extract step", async () => {
      const dify = new MockDify();
      dify.questionClassifier(classifiedAs("bug"));
      dify.parameterExtractor(fault.error("model provider unavailable"));
      const result = await triage(harnessFor(dify), "crash");

      expect(result.messages).toEqual([]);
      expect(result.error?.message).toMatch(
        /step "extract" \(Parameter Extractor\) failed: model provider unavailable/,
      );
    });

    it("names the lookup step and the tool", async () => {
      const dify = new MockDify();
      dify.questionClassifier(classifiedAs("other"));
      dify.tool("builtin", "acme/kb/kb", "search", fault.error("tool acme/kb/kb not installed"));
      const result = await triage(harnessFor(dify), "hi", {
        lookup_provider: "acme/kb/kb",
        lookup_tool: "search",
      });

      expect(result.messages).toEqual([]);
      expect(result.error?.message).toContain('step "lookup" (lookup tool acme/kb/kb/search)');
      expect(result.error?.message).toContain("tool acme/kb/kb not installed");
    });

    it("reports a permission denial with the daemon's text when the manifest lacks node access", async () => {
      const dify = new MockDify({ permissions: { tool: { enabled: true } } });
      const result = await triage(harnessFor(dify), "hi");
      expect(result.error?.message).toContain('step "classify"');
      expect(result.error?.message).toContain(
        "permission denied, you need to enable node access in plugin manifest",
      );
    });
  });

  it("rejects a call without the required message with a parameter error and makes no reverse call", async () => {
    const dify = new MockDify();
    const harness = harnessFor(dify);
    const result = await harness.invokeTool({
      provider: "support_triage",
      tool: "triage",
      parameters: { model: MODEL },
    });
    expect(result.error?.message).toContain("message");
    expect(dify.calls).toEqual([]);
  });
});
