import { MockDify } from "@x/testing";
import { describe, expect, it } from "vitest";
import { classifiedAs, harnessFor, MODEL, NODE_MODEL } from "./support.js";

// The sample's endpoint group through the real runtime: requests serialised as the daemon's copyRequest does,
// replies turned into a Response as the daemon does (`harness.fetch`).

const SETTINGS = { model: MODEL, app: { app_id: "app-1" } };
const BILLING = "I was charged twice for invoice INV-42 (19.99 EUR)";

function post(path: string, body: unknown): Request {
  return new Request(`https://dify.example${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("POST /triage", () => {
  it("answers the triage tool's report for a billing message, after the classifier and the extractor", async () => {
    const dify = new MockDify();
    const classifier = dify.questionClassifier(classifiedAs("billing", BILLING));
    dify.parameterExtractor({
      outputs: { invoice_id: "INV-42", amount: 19.99, __is_success: 1, __reason: "" },
    });
    const harness = harnessFor(dify);
    const response = await harness.fetch(post("/triage", { message: BILLING }), { settings: SETTINGS });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      category: "billing",
      class_id: "billing",
      extracted: true,
      fields: { invoice_id: "INV-42", amount: 19.99 },
      reason: null,
      lookup: [],
    });
    expect(dify.calls.map((call) => call.type)).toEqual([
      "node_question_classifier",
      "node_parameter_extractor",
    ]);
    expect(classifier.calls[0]?.request.model).toEqual(NODE_MODEL);
  });

  it("skips the extractor for `other`", async () => {
    const dify = new MockDify();
    dify.questionClassifier(classifiedAs("other"));
    const harness = harnessFor(dify);
    const response = await harness.fetch(post("/triage", { message: "hello" }), { settings: SETTINGS });
    expect(await response.json()).toMatchObject({ category: "other", extracted: false, fields: null });
    expect(dify.calls.map((call) => call.type)).toEqual(["node_question_classifier"]);
  });

  it.each([
    ["not JSON", "{nope", 'the body must be JSON like {"message": "..."}'],
    ["without message", { text: "hi" }, 'the body needs a non-empty string "message"'],
    ["a non-string message", { message: 42 }, 'the body needs a non-empty string "message"'],
    ["an array", [1], 'the body needs a non-empty string "message"'],
  ])("answers 400 JSON for a body %s, with no reverse call", async (_what, body, error) => {
    const dify = new MockDify();
    const harness = harnessFor(dify);
    const response = await harness.fetch(post("/triage", body), { settings: SETTINGS });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
    expect(dify.calls).toEqual([]);
  });

  it("answers 502 JSON naming the step when a reverse call fails", async () => {
    const dify = new MockDify();
    dify.onInvokeRaw("node_question_classifier", () => {
      throw new Error("quota exceeded");
    });
    const harness = harnessFor(dify);
    const response = await harness.fetch(post("/triage", { message: BILLING }), { settings: SETTINGS });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/^step "classify" \(Question Classifier\) failed: .*quota exceeded/);
  });

  it("answers 404 for an unknown path and 405 with Allow for a wrong method", async () => {
    const harness = harnessFor(new MockDify());
    const missing = await harness.fetch(post("/nope", {}), { settings: SETTINGS });
    expect(missing.status).toBe(404);
    const wrong = await harness.fetch(new Request("https://dify.example/triage"), { settings: SETTINGS });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });
});

describe("POST /ask", () => {
  it("relays each answer chunk of the chat app as a server-sent event, as it arrives", async () => {
    const dify = new MockDify();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = dify.app(async function* () {
      yield { event: "message", answer: "Hello", conversation_id: "c", message_id: "m" };
      await gate;
      yield { event: "message", answer: " world", conversation_id: "c", message_id: "m" };
      yield { event: "message_end", conversation_id: "c", message_id: "m", metadata: {} };
    });
    const harness = harnessFor(dify);
    const response = await harness.fetch(post("/ask", { query: "hi?" }), { settings: SETTINGS });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    // The first event arrives while the app is still answering.
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('data: {"answer":"Hello"}\n\n');
    release();
    let rest = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest += decoder.decode(next.value);
    }
    expect(rest).toBe('data: {"answer":" world"}\n\n');
    expect(app.calls[0]?.request).toMatchObject({
      app_id: "app-1",
      query: "hi?",
      response_mode: "streaming",
    });
  });

  it("answers 400 JSON without an app setting, with no reverse call", async () => {
    const dify = new MockDify();
    const harness = harnessFor(dify);
    const response = await harness.fetch(post("/ask", { query: "hi?" }), { settings: { model: MODEL } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "this endpoint has no app: choose one in the endpoint's `app` setting",
    });
    expect(dify.calls).toEqual([]);
  });

  it("answers 400 JSON for a body without query", async () => {
    const harness = harnessFor(new MockDify());
    const response = await harness.fetch(post("/ask", { q: 1 }), { settings: SETTINGS });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'the body needs a non-empty string "query"' });
  });

  it("answers 502 JSON when the app call fails before its first chunk", async () => {
    const dify = new MockDify();
    dify.onInvokeRaw("app", () => {
      throw new Error("app not found");
    });
    const harness = harnessFor(dify);
    const response = await harness.fetch(post("/ask", { query: "hi?" }), { settings: SETTINGS });
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^the app call failed: .*app not found/,
    );
  });
});
