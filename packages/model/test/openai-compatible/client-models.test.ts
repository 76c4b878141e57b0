import { type FakeOpenAIServer, startFakeOpenAI } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { OpenAICompatibleClient } from "../../src/openai-compatible/index.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startFakeOpenAI>[0] = {}) {
  server = await startFakeOpenAI(options);
  return {
    server,
    client: new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test", embeddingBatchSize: 2 }),
  };
}

describe("embeddings", () => {
  it("embeds texts in order across batches, with the server's token count as usage", async () => {
    const { server, client } = await start({ dimensions: 4 });
    const result = await client.embed({
      model: "fake-embed",
      texts: ["one", "two words", "three little words"],
    });
    expect(result.model).toBe("fake-embed");
    expect(result.embeddings).toHaveLength(3);
    expect(result.embeddings.every((vector) => vector.length === 4)).toBe(true);
    expect(result.usage).toMatchObject({
      tokens: 6,
      total_tokens: 6,
      currency: "USD",
      total_price: "0.0000000",
    });
    expect(
      server.requestsTo("/embeddings").map((request) => (request.body as { input: string[] }).input),
    ).toEqual([["one", "two words"], ["three little words"]]);
    const again = await client.embed({ model: "fake-embed", texts: ["one"] });
    expect(again.embeddings[0]).toEqual(result.embeddings[0]);
  });

  it("sends dimensions and extra fields when given", async () => {
    const { server, client } = await start();
    const result = await client.embed({
      model: "e",
      texts: ["a"],
      dimensions: 3,
      extra: { input_type: "query" },
    });
    expect(result.embeddings[0]).toHaveLength(3);
    expect(server.requestsTo("/embeddings")[0]?.body).toEqual({
      model: "e",
      input: ["a"],
      encoding_format: "float",
      dimensions: 3,
      input_type: "query",
    });
  });
});

describe("rerank", () => {
  it("ranks by score with the sent text on every doc, filtered by the threshold and cut to top_n", async () => {
    const { server, client } = await start();
    const docs = ["cats purr", "dogs bark loudly", "cats and dogs", "weather today"];
    const all = await client.rerank({ model: "rr", query: "cats dogs", docs });
    expect(all.docs.map((doc) => doc.index)).toEqual([2, 0, 1, 3]);
    expect(all.docs.every((doc) => doc.text === docs[doc.index] && typeof doc.score === "number")).toBe(true);
    const some = await client.rerank({ model: "rr", query: "cats dogs", docs, scoreThreshold: 0.4, topN: 1 });
    expect(some).toEqual({ model: "rr", docs: [{ index: 2, text: "cats and dogs", score: 2 / 3 }] });
    expect(server.requestsTo("/rerank")[1]?.body).toMatchObject({
      query: "cats dogs",
      documents: docs,
      top_n: 1,
    });
  });

  it("answers no docs without calling the server", async () => {
    const { server, client } = await start();
    expect(await client.rerank({ model: "rr", query: "q", docs: [] })).toEqual({ model: "rr", docs: [] });
    expect(server.requests).toHaveLength(0);
  });
});

describe("audio", () => {
  it("streams speech audio piece by piece with the server's MIME type", async () => {
    const { server, client } = await start({ speechBytes: 40_000, speechChunkBytes: 4000 });
    const speech = await client.speech({ model: "tts-1", input: "Hello", voice: "alloy" });
    expect(speech.mimeType).toBe("audio/mpeg");
    let total = 0;
    let pieces = 0;
    for await (const piece of speech.audio) {
      total += piece.byteLength;
      pieces++;
    }
    expect(total).toBe(40_000);
    expect(pieces).toBeGreaterThanOrEqual(1);
    expect(server.requestsTo("/audio/speech")[0]?.body).toEqual({
      model: "tts-1",
      input: "Hello",
      voice: "alloy",
      response_format: "mp3",
    });
  });

  it("transcribes audio sent as multipart with the model and file fields", async () => {
    const { server, client } = await start();
    const file = new Uint8Array(1234).fill(7);
    const text = await client.transcribe({
      model: "whisper-1",
      file,
      filename: "a.wav",
      mimeType: "audio/wav",
    });
    expect(text).toBe("transcript of 1234 bytes");
    const form = server.requestsTo("/audio/transcriptions")[0]?.body as {
      fields: Record<string, string>;
      files: Record<string, { filename: string; contentType: string; bytes: Buffer }>;
    };
    expect(form.fields).toEqual({ model: "whisper-1", response_format: "json" });
    expect(form.files.file?.filename).toBe("a.wav");
    expect(form.files.file?.contentType).toBe("audio/wav");
    expect(Buffer.compare(form.files.file?.bytes ?? Buffer.alloc(0), Buffer.from(file))).toBe(0);
  });
});

describe("moderation and models", () => {
  it("flags what the server flags, with its categories", async () => {
    const { client } = await start();
    expect(await client.moderate({ model: "omni", text: "I will kill the process" })).toEqual({
      flagged: true,
      categories: ["violence"],
    });
    expect(await client.moderate({ model: "omni", text: "hello" })).toEqual({
      flagged: false,
      categories: [],
    });
  });

  it("lists the server's models", async () => {
    const { client } = await start({ models: ["a", "b"] });
    expect(await client.listModels()).toEqual(["a", "b"]);
  });
});
