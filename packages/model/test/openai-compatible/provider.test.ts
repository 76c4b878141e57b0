import { Plugin } from "@x/core";
import {
  EmbeddingReplySchema,
  LLMResultChunkReplySchema,
  ModerationReplySchema,
  RerankReplySchema,
  Speech2TextReplySchema,
  TTSReplyChunkSchema,
  TTSVoicesReplySchema,
} from "@x/protocol";
import { createTestHarness, type FakeOpenAIServer, startFakeOpenAI, type TestHarness } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { openAICompatibleProvider } from "../../src/openai-compatible/index.js";

// openAICompatibleProvider driven through the real runtime (@x/testing's harness) against the fake server: each
// model action's reply parsed with the schema of the daemon's reply struct.

let server: FakeOpenAIServer | undefined;
let harness: TestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

const provider = openAICompatibleProvider({
  provider: { name: "compat", label: "Compat" },
  models: {
    llm: [{ model: "chat-1", model_properties: { mode: "chat", context_size: 8192 } }],
    "text-embedding": [{ model: "embed-1", model_properties: { context_size: 512 } }],
    rerank: [{ model: "rerank-1" }],
    tts: [
      {
        model: "tts-1",
        model_properties: {
          default_voice: "alloy",
          voices: [{ mode: "alloy", name: "Alloy", language: ["en-US"] }],
          audio_type: "wav",
        },
      },
    ],
    speech2text: [{ model: "whisper-1" }],
    moderation: [{ model: "mod-1" }],
  },
});

async function start(options: Parameters<typeof startFakeOpenAI>[0] = {}) {
  server = await startFakeOpenAI({ speechBytes: 48 * 1024, speechChunkBytes: 8 * 1024, ...options });
  harness = createTestHarness(new Plugin().register(provider));
  const target = { provider: "compat", credentials: { api_base: server.url, api_key: "sk-test" } };
  return { server, harness, target };
}

describe("openAICompatibleProvider", () => {
  it("declares every model type it was given, with api_base and api_key credentials", () => {
    expect(provider.declaration.supported_model_types).toEqual([
      "llm",
      "text-embedding",
      "rerank",
      "tts",
      "speech2text",
      "moderation",
    ]);
    expect(
      provider.declaration.provider_credential_schema?.credential_form_schemas.map((f) => f.variable),
    ).toEqual(["api_base", "api_key"]);
  });

  it("a fixed baseUrl drops the api_base field", () => {
    const fixed = openAICompatibleProvider({
      provider: { name: "fixed", label: "Fixed" },
      baseUrl: "https://api.example.test/v1",
      models: { llm: [{ model: "m" }] },
    });
    expect(
      fixed.declaration.provider_credential_schema?.credential_form_schemas.map((f) => f.variable),
    ).toEqual(["api_key"]);
  });

  it("invoke_llm in blocking mode answers the whole message as valid chunks", async () => {
    const { harness, target } = await start({ chat: { content: "All at once." } });
    const result = await harness.request("model", "invoke_llm", {
      ...target,
      model: "chat-1",
      model_type: "llm",
      model_parameters: {},
      prompt_messages: [{ role: "user", content: "hi" }],
      tools: null,
      stop: null,
      stream: false,
    });
    expect(result.error).toBeNull();
    const chunks = result.items.map((item) => LLMResultChunkReplySchema.parse(item));
    expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe("All at once.");
    expect(chunks.at(-1)?.delta.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("invoke_llm sends a completion-mode model to /completions with the prompt as text, streamed and blocking", async () => {
    const completionProvider = openAICompatibleProvider({
      provider: { name: "compat", label: "Compat" },
      models: { llm: [{ model: "base-1", model_properties: { mode: "completion", context_size: 4096 } }] },
    });
    server = await startFakeOpenAI({ chat: { content: ["Once upon", " a time."] } });
    harness = createTestHarness(new Plugin().register(completionProvider));
    const request = {
      provider: "compat",
      credentials: { api_base: server.url, api_key: "sk-test" },
      model: "base-1",
      model_type: "llm",
      model_parameters: { temperature: 0.2, response_format: "json_object" },
      prompt_messages: [{ role: "user", content: "Tell me a story." }],
      tools: [{ name: "nope", description: "", parameters: {} }],
      stop: ["\n\n"],
    };
    const streamed = await harness.request("model", "invoke_llm", { ...request, stream: true });
    expect(streamed.error).toBeNull();
    const chunks = streamed.items.map((item) => LLMResultChunkReplySchema.parse(item));
    expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe("Once upon a time.");
    expect(chunks.at(-1)?.delta).toMatchObject({ finish_reason: "stop" });
    expect(chunks.at(-1)?.delta.usage?.prompt_tokens).toBe(4);
    const blocking = await harness.request("model", "invoke_llm", { ...request, stream: false });
    expect(
      blocking.items.map((item) => LLMResultChunkReplySchema.parse(item).delta.message.content).join(""),
    ).toBe("Once upon a time.");
    expect(server.requestsTo("/chat/completions")).toEqual([]);
    const bodies = server.requestsTo("/completions").map((sent) => sent.body as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    // A text completion has no messages, tools or response_format: the prompt goes as text.
    expect(bodies[0]).toEqual({
      model: "base-1",
      prompt: "Tell me a story.",
      temperature: 0.2,
      stop: ["\n\n"],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(bodies[1]).toMatchObject({ prompt: "Tell me a story.", stream: false });
  });

  it("invoke_text_embedding answers vectors with complete usage", async () => {
    const { harness, target } = await start();
    const result = await harness.request("model", "invoke_text_embedding", {
      ...target,
      model: "embed-1",
      model_type: "text-embedding",
      texts: ["a b", "c"],
      input_type: "query",
    });
    const reply = EmbeddingReplySchema.parse(result.items[0]);
    expect([reply.embeddings.length, reply.usage.tokens]).toEqual([2, 3]);
  });

  it("get_text_embedding_num_tokens counts each text locally", async () => {
    const { server, harness, target } = await start();
    const result = await harness.request("model", "get_text_embedding_num_tokens", {
      ...target,
      model: "embed-1",
      model_type: "text-embedding",
      texts: ["one", "two words here"],
    });
    expect(result.items[0]).toEqual({ num_tokens: [1, 4] });
    expect(server.requests).toHaveLength(0);
  });

  it("invoke_rerank answers docs with non-null index, text and score, best first, after threshold and top_n", async () => {
    const { harness, target } = await start();
    const result = await harness.request("model", "invoke_rerank", {
      ...target,
      model: "rerank-1",
      model_type: "rerank",
      query: "red apple",
      docs: ["green pear", "red apple pie", "apple"],
      score_threshold: 0.1,
      top_n: 2,
    });
    const reply = RerankReplySchema.parse(result.items[0]);
    expect(reply.docs.map((doc) => [doc.index, doc.text])).toEqual([
      [2, "apple"],
      [1, "red apple pie"],
    ]);
  });

  it("invoke_tts relays audio as it arrives: hex chunks with the declared MIME type", async () => {
    let release = () => {};
    const speechGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The server sends its first piece and then waits: the session can only finish if that piece reached the
    // daemon before the rest of the audio existed.
    const { server, harness, target } = await start({ speechGate });
    const result = await harness.request(
      "model",
      "invoke_tts",
      {
        ...target,
        model: "tts-1",
        model_type: "tts",
        content_text: "Hello there",
        voice: "alloy",
        tenant_id: "t1",
      },
      { onStream: () => release() },
    );
    expect(result.error).toBeNull();
    const chunks = result.items.map((item) => TTSReplyChunkSchema.parse(item));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((chunk) => chunk.mime_type === "audio/wav")).toBe(true);
    const bytes = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk.result, "hex")));
    expect(bytes.length).toBe(48 * 1024);
    expect(server.requestsTo("/audio/speech")[0]?.body).toMatchObject({
      voice: "alloy",
      response_format: "wav",
    });
  });

  it("invoke_tts sends a text longer than word_limit as one request per piece, and relays the audio in order", async () => {
    const limited = openAICompatibleProvider({
      provider: { name: "compat", label: "Compat" },
      models: {
        tts: [
          {
            model: "tts-1",
            model_properties: {
              default_voice: "alloy",
              voices: [{ mode: "alloy", name: "Alloy", language: ["en-US"] }],
              audio_type: "mp3",
              word_limit: 40,
            },
          },
        ],
      },
    });
    server = await startFakeOpenAI({ speechBytes: 1000, speechChunkBytes: 500 });
    harness = createTestHarness(new Plugin().register(limited));
    const text =
      "The first sentence is short. The second one is a little longer than that. A third! And a fourth, which ends it?";
    const result = await harness.request("model", "invoke_tts", {
      provider: "compat",
      credentials: { api_base: server.url, api_key: "sk-test" },
      model: "tts-1",
      model_type: "tts",
      content_text: text,
      voice: "alloy",
      tenant_id: "t1",
    });
    expect(result.error).toBeNull();
    const inputs = server
      .requestsTo("/audio/speech")
      .map((request) => (request.body as { input: string }).input);
    expect(inputs).toEqual([
      "The first sentence is short. ",
      "The second one is a little longer than ",
      "that. A third! ",
      "And a fourth, which ends it?",
    ]);
    expect(inputs.every((input) => input.length <= 40)).toBe(true);
    const chunks = result.items.map((item) => TTSReplyChunkSchema.parse(item));
    const bytes = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk.result, "hex")));
    expect(bytes.length).toBe(inputs.length * 1000);
    expect(chunks.every((chunk) => chunk.mime_type === "audio/mpeg")).toBe(true);
  });

  it("get_tts_model_voices lists the declared voices", async () => {
    const { harness, target } = await start();
    const voices = await harness.request("model", "get_tts_model_voices", {
      ...target,
      model: "tts-1",
      model_type: "tts",
      language: "en-US",
    });
    expect(TTSVoicesReplySchema.parse(voices.items[0]).voices).toEqual([{ name: "Alloy", value: "alloy" }]);
  });

  it("invoke_speech2text sends the decoded audio bytes as multipart and answers the transcript", async () => {
    const { server, harness, target } = await start();
    const audio = Buffer.alloc(300, 1);
    const result = await harness.request("model", "invoke_speech2text", {
      ...target,
      model: "whisper-1",
      model_type: "speech2text",
      file: audio.toString("hex"),
    });
    expect(Speech2TextReplySchema.parse(result.items[0]).result).toBe("transcript of 300 bytes");
    const form = server.requestsTo("/audio/transcriptions")[0]?.body as {
      files: { file: { bytes: Buffer } };
    };
    expect(form.files.file.bytes.equals(audio)).toBe(true);
  });

  it("invoke_moderation answers whether the server flagged the text", async () => {
    const { harness, target } = await start();
    const ask = (text: string) =>
      harness.request("model", "invoke_moderation", {
        ...target,
        model: "mod-1",
        model_type: "moderation",
        text,
      });
    expect(ModerationReplySchema.parse((await ask("I will kill it")).items[0]).result).toBe(true);
    expect(ModerationReplySchema.parse((await ask("hello")).items[0]).result).toBe(false);
  });

  it("validate_provider_credentials without api_base says what to enter", async () => {
    const { harness } = await start();
    const result = await harness.request("model", "validate_provider_credentials", {
      provider: "compat",
      credentials: { api_key: "sk-test" },
    });
    expect(result.error?.error_type).toBe("CredentialsValidateFailedError");
    expect(result.error?.message).toContain("api_base is required");
  });

  it("validateWith: { llm } checks a key with a 5-token chat on servers without /models", async () => {
    server = await startFakeOpenAI({ chat: { content: "pong" } });
    const chatChecked = openAICompatibleProvider({
      provider: { name: "chatcheck", label: "Chat check" },
      models: { llm: [{ model: "m" }] },
      validateWith: { llm: "m" },
    });
    harness = createTestHarness(new Plugin().register(chatChecked));
    const result = await harness.request("model", "validate_provider_credentials", {
      provider: "chatcheck",
      credentials: { api_base: server.url, api_key: "sk-test" },
    });
    expect(result.items[0]).toMatchObject({ result: true });
    expect(server.requestsTo("/chat/completions")[0]?.body).toMatchObject({
      model: "m",
      max_tokens: 5,
      stream: false,
    });
    expect(server.requestsTo("/models")).toHaveLength(0);
  });
});
