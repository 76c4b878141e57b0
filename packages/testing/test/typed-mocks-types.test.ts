// Type tests: checked by `tsc -p tsconfig.json --noEmit` (the package's typecheck). Each `@ts-expect-error` line
// must fail to compile, so a loosened type makes the typecheck fail.
import type {
  ClassConfig,
  InvokeReply,
  InvokeRequest,
  LLMInvokeRequest,
  ParameterConfig,
  StorageRequest,
  ToolInvokeRequest,
} from "@x/protocol";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type Answer,
  defaultAppAnswer,
  defaultClassifierResponse,
  defaultExtractorResponse,
  defaultLlmAnswer,
  defaultStructuredOutputAnswer,
  defaultTextEmbeddingAnswer,
  defaultTtsAnswer,
  fault,
  llmChunks,
  MemoryStorage,
  MockDify,
  type MockHandle,
  type NodeResponse,
  perCall,
  type RecordedCall,
  toolMessages,
} from "../src/index.js";

describe("recorded requests are typed per helper", () => {
  it("types calls[].request from @x/protocol's InvokeRequest of the helper's type", () => {
    const dify = new MockDify();
    expectTypeOf(dify.parameterExtractor().calls[0]?.request.parameters).toEqualTypeOf<
      ParameterConfig[] | undefined
    >();
    expectTypeOf(dify.questionClassifier().calls[0]?.request.classes).toEqualTypeOf<
      ClassConfig[] | undefined
    >();
    expectTypeOf(dify.tool("builtin", "google", "search", []).calls).toEqualTypeOf<
      readonly RecordedCall<"tool">[]
    >();
    expectTypeOf<RecordedCall<"tool">["request"]>().toEqualTypeOf<ToolInvokeRequest>();
    // Type-only reads: `calls[0]` is `undefined` at run time here (nothing was called).
    type First<H extends MockHandle> = NonNullable<H["calls"][0]>;
    expectTypeOf<First<ReturnType<MockDify["llm"]>>["request"]>().toEqualTypeOf<LLMInvokeRequest>();
    expectTypeOf<First<ReturnType<MockDify["llm"]>>["type"]>().toEqualTypeOf<"llm">();
    expectTypeOf(dify.llmStructuredOutput().calls[0]?.request.structured_output_schema).toEqualTypeOf<
      Record<string, unknown> | undefined
    >();
    expectTypeOf(dify.textEmbedding().calls[0]?.request.texts).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(dify.multimodalEmbedding().calls[0]?.request.documents[0]?.content_type).toEqualTypeOf<
      "text" | "image" | undefined
    >();
    expectTypeOf(dify.rerank().calls[0]?.request.docs).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(dify.multimodalRerank().calls[0]?.request.query.content).toEqualTypeOf<string | undefined>();
    expectTypeOf(dify.tts().calls[0]?.request.voice).toEqualTypeOf<string | undefined>();
    expectTypeOf(dify.speech2text().calls[0]?.request.file).toEqualTypeOf<string | undefined>(); // hex
    expectTypeOf(dify.moderation().calls[0]?.request.text).toEqualTypeOf<string | undefined>();
    expectTypeOf(dify.summary().calls[0]?.request).toEqualTypeOf<
      InvokeRequest<"system_summary"> | undefined
    >();
    expectTypeOf(dify.app().calls[0]?.request.response_mode).toEqualTypeOf<
      "streaming" | "blocking" | undefined
    >();
    expectTypeOf(dify.fetchApp().calls[0]?.request.app_id).toEqualTypeOf<string | undefined>();
    expectTypeOf(dify.storage().calls[0]?.request).toEqualTypeOf<StorageRequest | undefined>();
    expectTypeOf(dify.uploadFile().calls[0]?.request.mimetype).toEqualTypeOf<string | undefined>();
    expectTypeOf(dify.onInvoke("rerank", { model: "m", docs: [] })).toEqualTypeOf<MockHandle<"rerank">>();
    expectTypeOf(dify.onInvokeRaw("rerank", 42)).toEqualTypeOf<MockHandle<"rerank">>();
    expectTypeOf(dify.onInvokeRaw("encrypt", 42)).toEqualTypeOf<MockHandle>();
    // @ts-expect-error a request field the wire request of `llm` does not have
    void dify.llm().calls[0]?.request.texts;
    expect(dify.calls).toEqual([]);
  });

  it("narrows dify.calls by type, and callsOf by its argument", () => {
    const dify = new MockDify();
    for (const call of dify.calls) {
      if (call.type === "llm") expectTypeOf(call.request).toEqualTypeOf<LLMInvokeRequest>();
      if (call.type === "storage")
        expectTypeOf(call.request.opt).toEqualTypeOf<"get" | "set" | "del" | "exist">();
      // @ts-expect-error not narrowed: every request type is possible here
      void call.request.prompt_messages;
    }
    expectTypeOf(dify.callsOf("node_parameter_extractor")).toEqualTypeOf<
      RecordedCall<"node_parameter_extractor">[]
    >();
    expectTypeOf(dify.unmocked).toEqualTypeOf<RecordedCall[]>();
    // @ts-expect-error an invoke type the daemon does not know
    dify.callsOf("encrypt");
    expect(dify.callsOf("llm")).toEqual([]);
  });
});

describe("answers are typed per helper", () => {
  it("accepts reply items, streams, functions of the typed call, generators, faults and perCall", () => {
    const dify = new MockDify();
    dify.llm(llmChunks.text("hi"));
    dify.llm((call) => llmChunks.text(`you said ${JSON.stringify(call.request.prompt_messages)}`));
    dify.llm(async (call) => llmChunks.text(call.request.model));
    dify.llm(async function* () {
      yield* llmChunks.text("partial");
      yield fault.drop();
    });
    dify.llm(perCall(llmChunks.toolCall("search", { q: "x" }), llmChunks.text("done"), fault.error("quota")));
    dify.moderation(fault.delay(10, { result: false }));
    dify.storage(new MemoryStorage(1024));
    dify.storage(perCall({ data: "6869" }, { data: "ok", deleted_num: 1 }, { data: true, exist_num: 1 }));
    dify.app({ data: { status: "succeeded", outputs: { answer: "42" } } }); // a blocking workflow app
    dify.questionClassifier({ outputs: { class_name: "a" } }); // missing objects become {}
    dify.parameterExtractor([{ outputs: { city: "Paris" } }, fault.hang()]); // one per call
    dify.parameterExtractor((call) => ({ outputs: { n: call.request.parameters.length } }));
    dify.tool("builtin", "files", "get", [toolMessages.blob(new Uint8Array([1])), toolMessages.text("ok")]);
    dify.tool("builtin", "a", "b", [[toolMessages.text("1st")], fault.error("2nd fails")]);
    dify.tool("builtin", "a", "c", (call) => [toolMessages.json(call.request.tool_parameters)]);
    dify.onInvoke("tool", [{ type: "blob", message: { blob: "AAEC" }, meta: null }]); // wire items: base64 blob
    dify.onInvoke("text_embedding", defaultTextEmbeddingAnswer);
    expect(dify.calls).toEqual([]);
  });

  it("rejects wrong answer shapes at compile time", () => {
    const dify = new MockDify();
    // @ts-expect-error an llm chunk needs `model` and a `delta` object
    dify.llm([{ delta: 1 }]);
    // @ts-expect-error `content` is text or content parts, not a number
    dify.llm([{ model: "m", delta: { index: 0, message: { content: 1 } } }]);
    // @ts-expect-error a function answer must return llm chunks
    dify.llm(() => ({ result: true }));
    // @ts-expect-error `embeddings` is a list of vectors
    dify.textEmbedding({ model: "m", embeddings: "nope" });
    // @ts-expect-error a rerank doc needs `index`, `text` and `score`
    dify.rerank({ model: "m", docs: [{ index: 0 }] });
    // @ts-expect-error tts chunks carry hex `result` text
    dify.tts([{ result: 1 }]);
    // @ts-expect-error speech2text answers `{ result }`
    dify.speech2text({ text: "hello" });
    // @ts-expect-error moderation's `result` is a boolean
    dify.moderation({ result: "flagged" });
    // @ts-expect-error the delayed answer is checked too
    dify.moderation(fault.delay(10, { result: "flagged" }));
    // @ts-expect-error system_summary answers `{ summary }`
    dify.summary({ text: "short" });
    // @ts-expect-error a storage reply's `data` is text, "ok" or a boolean
    dify.storage({ data: 42 });
    // @ts-expect-error upload_file answers `{ url }`
    dify.uploadFile({ href: "https://x" });
    // @ts-expect-error a node response's objects are objects
    dify.parameterExtractor({ outputs: "Paris" });
    // @ts-expect-error a text tool message carries `{ text }`
    dify.tool("builtin", "a", "b", [{ type: "text", message: { txt: "x" } }]);
    // @ts-expect-error tool message types outside @x/protocol's set need onInvokeRaw
    dify.tool("builtin", "a", "b", [{ type: "video", message: {} }]);
    // @ts-expect-error tool_type is builtin, workflow, api or mcp
    dify.tool("plugin", "a", "b", []);
    // @ts-expect-error onInvoke is typed by its invoke type
    dify.onInvoke("moderation", { result: "yes" });
    // @ts-expect-error onInvoke takes known invoke types; others go through onInvokeRaw
    dify.onInvoke("encrypt", {});
    dify.onInvokeRaw("moderation", { result: "yes" }); // the escape hatch takes anything
    new MockDify({ permissions: { storage: { enabled: true }, model: { enabled: true, llm: true } } });
    // @ts-expect-error manifest permissions are typed from @x/protocol's PluginPermissions
    new MockDify({ permissions: { tool: { enabled: "yes" } } });
    expect(dify.unmocked).toEqual([]);
  });

  it("types the defaults' signatures", () => {
    expectTypeOf(defaultLlmAnswer).toEqualTypeOf<(call: RecordedCall<"llm">) => InvokeReply<"llm">[]>();
    expectTypeOf(defaultStructuredOutputAnswer).returns.toEqualTypeOf<
      InvokeReply<"llm_structured_output">[]
    >();
    expectTypeOf(defaultTextEmbeddingAnswer).parameter(0).toEqualTypeOf<RecordedCall<"text_embedding">>();
    expectTypeOf(defaultTtsAnswer).returns.toEqualTypeOf<InvokeReply<"tts">[]>();
    expectTypeOf(defaultAppAnswer).returns.toEqualTypeOf<InvokeReply<"app"> | InvokeReply<"app">[]>();
    expectTypeOf(defaultExtractorResponse).returns.toEqualTypeOf<NodeResponse>();
    expectTypeOf(defaultClassifierResponse)
      .parameter(0)
      .toEqualTypeOf<InvokeRequest<"node_question_classifier">>();
    expectTypeOf(defaultLlmAnswer).toExtend<Answer<"llm">>();
    expectTypeOf(defaultLlmAnswer).not.toExtend<Answer<"tts">>();
    expect(defaultTtsAnswer()).toHaveLength(10);
  });
});
