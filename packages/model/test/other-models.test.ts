import {
  InvocationTimeoutError,
  type PermissionDeniedError,
  ProtocolError,
  type ValidationError,
} from "@x/core";
import {
  defaultMultimodalEmbeddingAnswer,
  defaultRerankAnswer,
  defaultTextEmbeddingAnswer,
  fault,
  perCall,
  type RecordedCall,
} from "@x/testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { EmbeddingResult, RerankResult, TTSStream } from "../src/index.js";
import { rawModelHarness as raw, modelHarness as start, streamThenHang } from "./support.js";

const vector = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

describe("embeddings", () => {
  it("textEmbedding sends the Python payload (input_type defaults to query) and returns vectors and usage", async () => {
    // The daemon mock's reply: one vector per text, usage with tokens/latency/currency.
    const h = start("text_embedding", defaultTextEmbeddingAnswer);
    const result = await h.run((session) =>
      session.model.textEmbedding.invoke({
        provider: "p",
        model: "text-embedding-3-small",
        texts: ["a", "b"],
      }),
    );
    expect(h.dify.calls[0]).toMatchObject({
      type: "text_embedding",
      request: {
        provider: "p",
        model: "text-embedding-3-small",
        model_type: "text-embedding",
        texts: ["a", "b"],
        input_type: "query",
      },
    });
    expect(result.embeddings).toEqual([vector, vector]);
    expect(result.usage).toMatchObject({ tokens: 100, total_tokens: 100, total_price: "0", currency: "USD" });
  });

  it("multimodalEmbedding sends documents and tolerates a reply without usage (daemon mock)", async () => {
    const h = start("multimodal_embedding", defaultMultimodalEmbeddingAnswer);
    const documents = [
      { content: "a cat", content_type: "text" as const },
      { content: "iVBORw0KGgo=", content_type: "image" as const },
    ];
    const result = await h.run((session) =>
      session.model.multimodalEmbedding.invoke({
        provider: "p",
        model: "m",
        documents,
        input_type: "document",
      }),
    );
    expect(h.dify.calls[0]).toMatchObject({
      type: "multimodal_embedding",
      request: { provider: "p", model: "m", model_type: "text-embedding", documents, input_type: "document" },
    });
    expect(result.embeddings).toHaveLength(2);
    expect(result.usage.tokens).toBe(0);
  });

  it("rejects empty inputs and unknown content types before sending", async () => {
    const h = start("text_embedding");
    const errors = await h.run(async (session) => [
      await session.model.textEmbedding
        .invoke({ provider: "p", model: "m", texts: [] })
        .catch((e: unknown) => e),
      await session.model.textEmbedding
        .invoke({ provider: "p", model: "m", texts: ["a"], input_type: "passage" as any })
        .catch((e: unknown) => e),
      await session.model.multimodalEmbedding
        .invoke({ provider: "p", model: "m", documents: [{ content: "x", content_type: "video" as any }] })
        .catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as ValidationError).field)).toEqual([
      "texts",
      "input_type",
      "documents.0.content_type",
    ]);
    expect(h.dify.calls).toHaveLength(0);
  });
});

describe("rerank", () => {
  it("rerank sends query, docs, score_threshold and top_n and returns ranked docs", async () => {
    // The daemon mock's reply: every doc in the order sent, score 0.1.
    const h = start("rerank", defaultRerankAnswer);
    const result = await h.run((session) =>
      session.model.rerank.invoke({
        provider: "p",
        model: "rerank-v3",
        query: "cats",
        docs: ["a", "b", "c"],
      }),
    );
    expect(h.dify.calls[0]).toMatchObject({
      type: "rerank",
      request: {
        provider: "p",
        model: "rerank-v3",
        model_type: "rerank",
        score_threshold: 0,
        top_n: 3,
        docs: ["a", "b", "c"],
        query: "cats",
      },
    });
    expect(result.docs).toEqual([
      { index: 0, text: "a", score: 0.1 },
      { index: 1, text: "b", score: 0.1 },
      { index: 2, text: "c", score: 0.1 },
    ]);
  });

  it("multimodalRerank sends content objects and fails with ProtocolError on a doc without score", async () => {
    const h = raw("multimodal_rerank", (call: RecordedCall<"multimodal_rerank">) => ({
      model: "m",
      docs: [{ index: 0, text: call.request.docs[0]!.content }],
    }));
    const error = await h
      .run((session) =>
        session.model.multimodalRerank.invoke({
          provider: "p",
          model: "m",
          query: { content: "cat", content_type: "text" },
          docs: [{ content: "iVBOR", content_type: "image" }],
          top_n: 1,
          score_threshold: 0.5,
        }),
      )
      .catch((e: unknown) => e);
    expect(h.dify.calls[0]).toMatchObject({
      type: "multimodal_rerank",
      request: {
        query: { content: "cat", content_type: "text" },
        docs: [{ content: "iVBOR", content_type: "image" }],
        top_n: 1,
        score_threshold: 0.5,
      },
    });
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("docs.0.score");
  });
});

describe("tts", () => {
  it("decodes the hex result chunks to bytes as a stream and remembers the mime type", async () => {
    const h = start("tts", [
      { result: "a1b2c3d4" },
      { result: "a1b2c3d4" },
      { result: "a1b2c3d4" },
      { result: "ff00", mime_type: "audio/mpeg" },
    ]);
    const { parts, mime } = await h.run(async (session) => {
      const stream = session.model.tts.invoke({
        provider: "p",
        model: "tts-1",
        content_text: "Hello",
        voice: "alloy",
      });
      const out: number[][] = [];
      for await (const part of stream) out.push([...part]);
      return { parts: out, mime: stream.mimeType };
    });
    expect(parts).toEqual([
      [0xa1, 0xb2, 0xc3, 0xd4],
      [0xa1, 0xb2, 0xc3, 0xd4],
      [0xa1, 0xb2, 0xc3, 0xd4],
      [0xff, 0x00],
    ]);
    expect(mime).toBe("audio/mpeg");
    expect(h.dify.calls[0]).toMatchObject({
      type: "tts",
      request: { provider: "p", model: "tts-1", model_type: "tts", content_text: "Hello", voice: "alloy" },
    });
    expect(h.dify.callsOf("tts")[0]!.request).not.toHaveProperty("tenant_id");
  });

  it("bytes() concatenates, and a bad hex chunk is a ProtocolError", async () => {
    const h = start(
      "tts",
      perCall([{ result: "0102" }, { result: "03" }], [{ result: "0102" }, { result: "xyz" }]),
    );
    const bytes = await h.run((session) =>
      session.model.tts.invoke({ provider: "p", model: "m", content_text: "x", voice: "v" }).bytes(),
    );
    expect([...bytes]).toEqual([1, 2, 3]);
    const error = await h
      .run((session) =>
        session.model.tts.invoke({ provider: "p", model: "m", content_text: "x", voice: "v" }).bytes(),
      )
      .catch((e: unknown) => e);
    expect(ProtocolError.isInstance(error)).toBe(true);
  });

  it("times out when audio stops arriving", async () => {
    const h = raw("tts", streamThenHang({ result: "00" }));
    const error = await h
      .run((session) =>
        session.model.tts
          .invoke({ provider: "p", model: "m", content_text: "x", voice: "v" }, { timeout: 100 })
          .bytes(),
      )
      .catch((e: unknown) => e);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
  });
});

describe("speech2text, moderation, summary", () => {
  it("speech2text sends the audio as hex and returns the text", async () => {
    const h = start("speech2text", { result: "hello world" });
    const text = await h.run((session) =>
      session.model.speech2text.invoke({
        provider: "p",
        model: "whisper-1",
        file: new Uint8Array([0x49, 0x44, 0x33, 0x04]),
      }),
    );
    expect(text).toBe("hello world");
    expect(h.dify.calls[0]).toMatchObject({
      type: "speech2text",
      request: { provider: "p", model: "whisper-1", model_type: "speech2text", file: "49443304" },
    });
  });

  it("speech2text rejects an empty file", async () => {
    const h = start("speech2text");
    const error = await h
      .run((session) =>
        session.model.speech2text.invoke({ provider: "p", model: "m", file: new Uint8Array() }),
      )
      .catch((e: unknown) => e);
    expect((error as ValidationError).field).toBe("file");
    expect(h.dify.calls).toHaveLength(0);
  });

  it("moderation returns the flag and maps a missing permission", async () => {
    const h = start(
      "moderation",
      perCall(
        { result: true },
        fault.error("permission denied, you need to enable moderation access in plugin manifest"),
      ),
    );
    expect(
      await h.run((session) => session.model.moderation.invoke({ provider: "p", model: "m", text: "bad" })),
    ).toBe(true);
    expect(h.dify.calls[0]!.request).toEqual({
      provider: "p",
      model: "m",
      model_type: "moderation",
      text: "bad",
    });
    const error = await h
      .run((session) => session.model.moderation.invoke({ provider: "p", model: "m", text: "x" }))
      .catch((e: unknown) => e);
    expect((error as PermissionDeniedError).permission).toBe("moderation");
  });

  it("summary returns short texts unchanged without a call, like the Python SDK", async () => {
    const h = start("system_summary", (call: RecordedCall<"system_summary">) => ({
      summary: `summary of ${String(call.request.text).length} chars`,
    }));
    const short = "x".repeat(1023);
    expect(
      await h.run((session) => session.model.summary.invoke({ text: short, instruction: "be short" })),
    ).toBe(short);
    expect(h.dify.calls).toHaveLength(0);
    const long = "y".repeat(1024);
    expect(
      await h.run((session) => session.model.summary.invoke({ text: long, instruction: "be short" })),
    ).toBe("summary of 1024 chars");
    expect(h.dify.calls[0]).toMatchObject({
      type: "system_summary",
      request: { text: long, instruction: "be short" },
    });
    const custom = await h.run((session) =>
      session.model.summary.invoke({ text: "tiny", min_summarize_length: 0 }),
    );
    expect(custom).toBe("summary of 4 chars");
    expect(h.dify.calls[1]!.request).toEqual({ text: "tiny", instruction: "" });
  });

  it("has typed results", async () => {
    const h = start("moderation");
    await h.run(async (session) => {
      expectTypeOf(session.model.moderation.invoke).returns.resolves.toEqualTypeOf<boolean>();
      expectTypeOf(session.model.speech2text.invoke).returns.resolves.toEqualTypeOf<string>();
      expectTypeOf(session.model.summary.invoke).returns.resolves.toEqualTypeOf<string>();
      expectTypeOf(session.model.textEmbedding.invoke).returns.resolves.toEqualTypeOf<EmbeddingResult>();
      expectTypeOf(session.model.rerank.invoke).returns.resolves.toEqualTypeOf<RerankResult>();
      expectTypeOf(session.model.tts.invoke).returns.toEqualTypeOf<TTSStream>();
      expectTypeOf<EmbeddingResult["embeddings"]>().toEqualTypeOf<number[][]>();
      expectTypeOf<RerankResult["docs"][number]["score"]>().toEqualTypeOf<number>();
    });
  });
});
