import { readFileSync } from "node:fs";
import { INVOCATIONS, type InvocationSpec, type InvokeType } from "@x/protocol";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  createSessionHarness,
  DEFAULT_UPLOAD_URL,
  fault,
  llmChunks,
  MemoryStorage,
  MockDify,
  type MockHandle,
  mockLlmChunk,
  perCall,
} from "../src/index.js";

const MODEL = { provider: "langgenius/openai/openai", model: "gpt-4o-mini" };
const PROMPT = [{ role: "user", content: "hi" }] as const;

/** Wire requests as the SDK sends them: each built by `@x/protocol`'s request schema of its type. */
const REQUESTS = {
  llm: INVOCATIONS.llm.request.parse({ ...MODEL, prompt_messages: PROMPT }),
  llm_structured_output: INVOCATIONS.llm_structured_output.request.parse({
    ...MODEL,
    prompt_messages: PROMPT,
    structured_output_schema: { type: "object", properties: { title: { type: "string" } } },
  }),
  text_embedding: INVOCATIONS.text_embedding.request.parse({ ...MODEL, texts: ["a", "b"] }),
  multimodal_embedding: INVOCATIONS.multimodal_embedding.request.parse({
    ...MODEL,
    documents: [{ content: "a cat", content_type: "text" }],
  }),
  rerank: INVOCATIONS.rerank.request.parse({ ...MODEL, query: "q", docs: ["a", "b"] }),
  multimodal_rerank: INVOCATIONS.multimodal_rerank.request.parse({
    ...MODEL,
    query: { content: "q", content_type: "text" },
    docs: [{ content: "https://x/cat.png", content_type: "image" }],
  }),
  tts: INVOCATIONS.tts.request.parse({ ...MODEL, content_text: "hello", voice: "alloy" }),
  speech2text: INVOCATIONS.speech2text.request.parse({ ...MODEL, file: new Uint8Array([1, 2, 3]) }),
  moderation: INVOCATIONS.moderation.request.parse({ ...MODEL, text: "be nice" }),
  system_summary: INVOCATIONS.system_summary.request.parse({ text: "a long text" }),
  app: INVOCATIONS.app.request.parse({ app_id: "app-1", query: "hi" }),
  fetch_app: INVOCATIONS.fetch_app.request.parse({ app_id: "app-1" }),
  upload_file: INVOCATIONS.upload_file.request.parse({ filename: "a.png", mimetype: "image/png" }),
  node_parameter_extractor: INVOCATIONS.node_parameter_extractor.request.parse({
    parameters: [{ name: "city", type: "string" }],
    model: MODEL,
    query: "weather in Paris",
  }),
  node_question_classifier: INVOCATIONS.node_question_classifier.request.parse({
    classes: [
      { id: "1", name: "weather" },
      { id: "2", name: "other" },
    ],
    model: MODEL,
    query: "rain?",
  }),
} satisfies Partial<Record<InvokeType, unknown>>;

type Family = keyof typeof REQUESTS;

/** Sends one reverse call of `type` through the real runtime and returns the reply items the plugin read. */
async function call(dify: MockDify, type: string, request: Record<string, unknown>): Promise<unknown[]> {
  const harness = createSessionHarness({ dify });
  onTestFinished(() => harness.close());
  return harness.run((session) => session.invoke(type, request).toArray());
}

/** True when every item is a valid reply of `type` according to `@x/protocol`. */
function validReplies(type: InvokeType, items: unknown[]): boolean {
  const spec: InvocationSpec = INVOCATIONS[type];
  return items.length > 0 && items.every((item) => spec.reply.safeParse(item).success);
}

interface Case {
  /** Registers the helper without an answer. */
  byDefault(dify: MockDify): MockHandle;
  /** What the default answer must look like. */
  expected: unknown;
  /** Registers the helper with a given answer, and the items the plugin must then read. */
  given(dify: MockDify): MockHandle;
  givenItems: unknown[];
}

const chunks = llmChunks.text("Sunny in Paris", { model: "gpt-4o-mini" });
const CASES: Record<Exclude<Family, "upload_file">, Case> = {
  llm: {
    byDefault: (d) => d.llm(),
    expected: expect.arrayContaining([expect.objectContaining({ model: "gpt-4o-mini" })]),
    given: (d) => d.llm(chunks),
    givenItems: chunks,
  },
  llm_structured_output: {
    byDefault: (d) => d.llmStructuredOutput(),
    expected: expect.arrayContaining([expect.objectContaining({ structured_output: { title: "sample" } })]),
    given: (d) => d.llmStructuredOutput([{ ...mockLlmChunk("m", 0, "{}"), structured_output: { ok: 1 } }]),
    givenItems: [{ ...mockLlmChunk("m", 0, "{}"), structured_output: { ok: 1 } }],
  },
  text_embedding: {
    byDefault: (d) => d.textEmbedding(),
    expected: [
      expect.objectContaining({ model: "gpt-4o-mini", embeddings: [expect.any(Array), expect.any(Array)] }),
    ],
    given: (d) => d.textEmbedding({ model: "e", embeddings: [[1], [2]] }),
    givenItems: [{ model: "e", embeddings: [[1], [2]] }],
  },
  multimodal_embedding: {
    byDefault: (d) => d.multimodalEmbedding(),
    expected: [{ model: "gpt-4o-mini", embeddings: [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]] }],
    given: (d) => d.multimodalEmbedding({ model: "e", embeddings: [[3]] }),
    givenItems: [{ model: "e", embeddings: [[3]] }],
  },
  rerank: {
    byDefault: (d) => d.rerank(),
    expected: [
      {
        model: "gpt-4o-mini",
        docs: [
          { index: 0, text: "a", score: 0.1 },
          { index: 1, text: "b", score: 0.1 },
        ],
      },
    ],
    given: (d) => d.rerank({ model: "r", docs: [{ index: 1, text: "b", score: 0.9 }] }),
    givenItems: [{ model: "r", docs: [{ index: 1, text: "b", score: 0.9 }] }],
  },
  multimodal_rerank: {
    byDefault: (d) => d.multimodalRerank(),
    expected: [{ model: "gpt-4o-mini", docs: [{ index: 0, text: "https://x/cat.png", score: 0.1 }] }],
    given: (d) => d.multimodalRerank({ model: "r", docs: [] }),
    givenItems: [{ model: "r", docs: [] }],
  },
  tts: {
    byDefault: (d) => d.tts(),
    expected: Array.from({ length: 10 }, () => ({ result: "a1b2c3d4" })),
    given: (d) => d.tts([{ result: "00ff", mime_type: "audio/mpeg" }]),
    givenItems: [{ result: "00ff", mime_type: "audio/mpeg" }],
  },
  speech2text: {
    byDefault: (d) => d.speech2text(),
    expected: [{ result: "hello world" }],
    given: (d) => d.speech2text({ result: "bonjour" }),
    givenItems: [{ result: "bonjour" }],
  },
  moderation: {
    byDefault: (d) => d.moderation(),
    expected: [{ result: true }],
    given: (d) => d.moderation({ result: false }),
    givenItems: [{ result: false }],
  },
  system_summary: {
    byDefault: (d) => d.summary(),
    expected: [{ summary: "a long text" }],
    given: (d) => d.summary((call) => ({ summary: call.request.text.toUpperCase() })),
    givenItems: [{ summary: "A LONG TEXT" }],
  },
  app: {
    byDefault: (d) => d.app(),
    expected: [
      expect.objectContaining({ event: "agent_message", answer: "なんで" }),
      expect.objectContaining({ event: "agent_message", answer: "春日影" }),
      expect.objectContaining({ event: "agent_message", answer: "やったの" }),
      expect.objectContaining({ event: "message_end" }),
    ],
    given: (d) => d.app([{ event: "message", answer: "hi" }, { event: "message_end" }]),
    givenItems: [{ event: "message", answer: "hi" }, { event: "message_end" }],
  },
  fetch_app: {
    byDefault: (d) => d.fetchApp(),
    expected: [{ name: "test" }],
    given: (d) => d.fetchApp({ id: "app-1", name: "Helper", mode: "chat" }),
    givenItems: [{ id: "app-1", name: "Helper", mode: "chat" }],
  },
  node_parameter_extractor: {
    byDefault: (d) => d.parameterExtractor(),
    expected: [
      {
        inputs: { query: "weather in Paris" },
        outputs: { city: "sample city", __is_success: 1, __reason: "" },
        process_data: {},
      },
    ],
    given: (d) => d.parameterExtractor({ outputs: { city: "Paris" } }),
    givenItems: [{ inputs: {}, outputs: { city: "Paris" }, process_data: {} }],
  },
  node_question_classifier: {
    byDefault: (d) => d.questionClassifier(),
    expected: [
      { inputs: { query: "rain?" }, outputs: { class_name: "weather", class_id: "1" }, process_data: {} },
    ],
    given: (d) => d.questionClassifier({ outputs: { class_name: "other", class_id: "2" } }),
    givenItems: [{ inputs: {}, outputs: { class_name: "other", class_id: "2" }, process_data: {} }],
  },
};

describe("typed helpers through the real runtime", () => {
  for (const [type, testCase] of Object.entries(CASES) as Array<[Exclude<Family, "upload_file">, Case]>) {
    it(`${type}: answers with the daemon-mock default, valid for @x/protocol, and records the request`, async () => {
      const dify = new MockDify();
      const handle = testCase.byDefault(dify);
      const items = await call(dify, type, REQUESTS[type]);
      expect(items).toEqual(testCase.expected);
      expect(validReplies(type, items)).toBe(true);
      expect(handle.calls.map((recorded) => [recorded.type, recorded.request])).toEqual([
        [type, REQUESTS[type]],
      ]);
      expect(handle.description).toBe(type);
    });

    it(`${type}: answers with the given answer`, async () => {
      const dify = new MockDify();
      testCase.given(dify);
      expect(await call(dify, type, REQUESTS[type])).toEqual(testCase.givenItems);
    });
  }

  it("llm: the default first calls the request's first tool with arguments sampled from its schema", async () => {
    const dify = new MockDify();
    dify.llm();
    const tool = {
      name: "weather",
      parameters: { type: "object", properties: { city: { type: "string" } } },
    };
    const request = INVOCATIONS.llm.request.parse({ ...MODEL, prompt_messages: PROMPT, tools: [tool] });
    const [first] = (await call(dify, "llm", request)) as Array<{
      delta: { message: { tool_calls: unknown } };
    }>;
    expect(first?.delta.message.tool_calls).toEqual([
      { id: "oshiawaseni", type: "function", function: { name: "weather", arguments: '{"city":"sample"}' } },
    ]);
  });

  it("app: a blocking call gets one chat answer with the joined text", async () => {
    const dify = new MockDify();
    dify.app();
    const request = INVOCATIONS.app.request.parse({ app_id: "a", query: "hi", response_mode: "blocking" });
    expect(await call(dify, "app", request)).toEqual([
      expect.objectContaining({ event: "message", answer: "なんで春日影やったの", mode: "chat" }),
    ]);
  });

  it("upload_file: answers a signed URL on the reserved .invalid domain, or the given one", async () => {
    const byDefault = new MockDify();
    byDefault.uploadFile();
    const items = await call(byDefault, "upload_file", REQUESTS.upload_file);
    expect(items).toEqual([{ url: DEFAULT_UPLOAD_URL }]);
    expect(new URL(DEFAULT_UPLOAD_URL).hostname.endsWith(".invalid")).toBe(true);
    expect(validReplies("upload_file", items)).toBe(true);
    const given = new MockDify();
    const upload = given.uploadFile({ url: "http://127.0.0.1:1/upload" });
    expect(await call(given, "upload_file", REQUESTS.upload_file)).toEqual([
      { url: "http://127.0.0.1:1/upload" },
    ]);
    expect(upload.calls[0]?.request).toEqual({ filename: "a.png", mimetype: "image/png" });
  });

  it("storage: without an answer, a MemoryStorage keeps values across calls like the daemon", async () => {
    const dify = new MockDify();
    const storage = dify.storage();
    const harness = createSessionHarness({ dify });
    onTestFinished(() => harness.close());
    const read = await harness.run(async (session) => {
      const missing = await session.storage.get("k");
      await session.storage.set("k", "hi");
      return [missing, await session.storage.getText("k"), await session.storage.exist("k")];
    });
    expect(read).toEqual([null, "hi", true]);
    expect(storage.calls.map((recorded) => recorded.request.opt)).toEqual(["get", "set", "get", "exist"]);
  });

  it("storage: answers from a MemoryStorage of yours, or a given answer", async () => {
    const store = new MemoryStorage();
    const dify = new MockDify();
    dify.storage(store);
    const harness = createSessionHarness({ dify });
    onTestFinished(() => harness.close());
    await harness.run((session) => session.storage.set("k", new Uint8Array([1, 2])));
    expect(store.values.get("k")).toEqual(new Uint8Array([1, 2]));

    const given = new MockDify();
    given.storage(perCall({ data: "6869" }, fault.error("boom")));
    const harness2 = createSessionHarness({ dify: given });
    onTestFinished(() => harness2.close());
    const outcome = await harness2.run(async (session) => {
      const first = await session.storage.getText("k");
      const second = await session.storage.getText("k").catch((error: Error) => error.message);
      return [first, second];
    });
    expect(outcome[0]).toBe("hi");
    expect(String(outcome[1])).toContain("boom");
  });
});

describe("the untyped escape hatch and malformed traffic", () => {
  it("onInvokeRaw delivers a reply the schema would reject, as given", async () => {
    const dify = new MockDify();
    const raw = dify.onInvokeRaw("llm", [{ delta: "not a chunk" }, 42]);
    const items = await call(dify, "llm", REQUESTS.llm);
    expect(items).toEqual([{ delta: "not a chunk" }, 42]);
    expect(validReplies("llm", items)).toBe(false);
    expect(raw.calls[0]?.request.model).toBe("gpt-4o-mini");
  });

  it("onInvokeRaw answers invoke types the daemon does not know", async () => {
    const dify = new MockDify();
    dify.onInvokeRaw("encrypt", { data: "secret" });
    expect(await call(dify, "encrypt", { opt: "encrypt" })).toEqual([{ data: "secret" }]);
    expect(dify.calls[0]?.type).toBe("encrypt");
  });

  it("records a malformed request as it was sent (typing is not validation)", async () => {
    const dify = new MockDify();
    const llm = dify.llm();
    const items = await call(dify, "llm", { nonsense: true });
    expect(llm.calls[0]?.request).toEqual({ nonsense: true });
    expect(dify.callsOf("llm")).toEqual(llm.calls);
    // The default still answers, naming the mock model since the request had none.
    expect(items[0]).toMatchObject({ model: "mock-model" });
  });

  it("types dify.calls as a union narrowed by type, and callsOf by its argument", async () => {
    const dify = new MockDify();
    dify.moderation();
    dify.tts();
    await call(dify, "moderation", REQUESTS.moderation);
    await call(dify, "tts", REQUESTS.tts);
    const texts = dify.calls.map((recorded) =>
      recorded.type === "moderation"
        ? recorded.request.text
        : recorded.type === "tts"
          ? recorded.request.voice
          : "",
    );
    expect(texts).toEqual(["be nice", "alloy"]);
    expect(dify.callsOf("tts").map((recorded) => recorded.request.content_text)).toEqual(["hello"]);
  });
});

describe("llmChunks", () => {
  it("scripts a tool call in round 1 and an answer in round 2 with perCall", async () => {
    const dify = new MockDify();
    const llm = dify.llm(
      perCall(llmChunks.toolCall("weather", { city: "Paris" }), llmChunks.text("Sunny in Paris")),
    );
    const round1 = (await call(dify, "llm", REQUESTS.llm)) as Array<{
      delta: { message: { tool_calls: unknown[] }; finish_reason: string | null };
    }>;
    expect(round1.map((chunk) => [chunk.delta.message.tool_calls, chunk.delta.finish_reason])).toEqual([
      [
        [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } }],
        "tool_calls",
      ],
    ]);
    const round2 = (await call(dify, "llm", REQUESTS.llm)) as Array<{
      delta: { message: { content: string }; finish_reason: string | null; usage: unknown };
    }>;
    expect(round2.map((chunk) => chunk.delta.message.content)).toEqual(["Sunny", " in", " Paris"]);
    expect(round2.at(-1)?.delta).toMatchObject({ finish_reason: "stop", usage: { total_tokens: 200 } });
    expect(round2.slice(0, -1).every((chunk) => chunk.delta.usage === null)).toBe(true);
    expect(validReplies("llm", [...round1, ...round2])).toBe(true);
    expect(llm.calls).toHaveLength(2);
  });

  it("toolCalls makes parallel calls with ids call_1, call_2 unless given", () => {
    const [only] = llmChunks.toolCalls([
      { name: "a", arguments: "{}" },
      { name: "b", arguments: { x: 1 }, id: "mine" },
    ]);
    expect(
      only?.delta.message?.tool_calls?.map((toolCall) => [toolCall.id, toolCall.function.arguments]),
    ).toEqual([
      ["call_1", "{}"],
      ["mine", '{"x":1}'],
    ]);
  });
});

describe("README", () => {
  it("the typed-mocks example is test/typed-mocks-readme.test.ts, verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const from = readme.indexOf("## Typed mocks");
    expect(from).toBeGreaterThan(-1);
    const start = readme.indexOf("```ts\n", from) + "```ts\n".length;
    const block = readme.slice(start, readme.indexOf("\n```", start) + 1);
    expect(block).toBe(readFileSync(new URL("./typed-mocks-readme.test.ts", import.meta.url), "utf8"));
  });
});
