import { Plugin, ValidationError } from "@x/core";
import {
  MODEL_ACTIONS,
  MODEL_REPLY_SCHEMAS,
  type ModelAction,
  ModelProviderDeclarationSchema,
} from "@x/protocol";
import { createTestHarness, type TestHarness } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defineLLM,
  defineModelProvider,
  defineRerank,
  defineTextEmbedding,
  defineTTS,
  invokeErrorForStatus,
} from "../src/index.js";
import { acme, acmePlugin } from "./provider-fixture.js";

const base = { provider: "acme", credentials: { api_key: "sk-acme" } };
const llm = { ...base, model: "acme-chat", model_type: "llm" };
const prompt = [{ role: "user", content: "hi", name: "", tool_calls: null, tool_call_id: "" }];

let harness: TestHarness;
beforeAll(() => {
  harness = createTestHarness(acmePlugin());
});
afterAll(() => harness.close());

/** Sends one model request and checks every reply item against the daemon's reply struct for the action. */
async function ask(action: ModelAction, data: Record<string, unknown>) {
  const result = await harness.request("model", action, data);
  const schema = MODEL_REPLY_SCHEMAS[action];
  const items = result.items.map((item, i) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success)
      throw new Error(`${action} item ${i} fails the daemon's reply struct: ${parsed.error.message}`);
    return parsed.data as Record<string, unknown>;
  });
  return { ...result, replies: items };
}

describe("the model declaration", () => {
  it("declares the provider with every model type once, both configurate methods and both credential forms", () => {
    const declaration = acme.declaration;
    expect(ModelProviderDeclarationSchema.safeParse(declaration).success).toBe(true);
    expect(declaration).toMatchObject({
      provider: "acme",
      label: { en_US: "Acme AI" },
      icon_small: { en_US: "icon_s.svg" },
      supported_model_types: ["llm", "text-embedding", "rerank", "tts", "speech2text", "moderation"],
      configurate_methods: ["predefined-model", "customizable-model"],
      provider_credential_schema: {
        credential_form_schemas: [{ variable: "api_key", type: "secret-input", required: true }],
      },
      model_credential_schema: { model: { label: { en_US: "Model name" } } },
      position: { llm: ["acme-chat", "acme-mini"], text_embedding: ["acme-embed", "acme-vision-embed"] },
    });
    expect(declaration.models.map((model) => `${model.model_type}/${model.model}`)).toEqual([
      "llm/acme-chat",
      "llm/acme-mini",
      "text-embedding/acme-embed",
      "text-embedding/acme-vision-embed",
      "rerank/acme-rerank",
      "tts/acme-tts",
      "speech2text/acme-whisper",
      "moderation/acme-mod",
    ]);
    expect(declaration.models[0]?.label).toEqual({ en_US: "acme-chat" });
  });

  it("is registered as the plugin's only declaration, with a route for each of the 16 actions", () => {
    const plugin = acmePlugin();
    expect([...plugin.declarations().keys()]).toEqual(["model"]);
    const routes = plugin.routes().filter((route) => route.type === "model");
    expect(routes.map((route) => route.action).sort()).toEqual([...MODEL_ACTIONS].sort());
  });

  it("refuses a model the daemon would reject, naming the field", () => {
    expect(() =>
      defineModelProvider({
        provider: { name: "x", label: "X" },
        models: [
          defineLLM({
            models: [{ model: "m", parameter_rules: [{ name: "seed" }] }],
            invoke: () => ({ content: "" }),
            numTokens: () => 0,
          }),
        ],
      }),
    ).toThrow(/a parameter rule without use_template needs label and type/);
    expect(() =>
      defineModelProvider({
        provider: { name: "x", label: "X" },
        models: [
          defineLLM({ models: [{ model: "m" }, { model: "m" }], invoke: () => ({}), numTokens: () => 0 }),
        ],
      }),
    ).toThrow(ValidationError);
  });
});

describe("invoke_llm", () => {
  it("streams valid chunks: reasoning in <think> tags, counted indexes, full usage on the last chunk only", async () => {
    const { replies, error } = await ask("invoke_llm", {
      ...llm,
      prompt_messages: prompt,
      tools: null,
      stream: true,
    });
    expect(error).toBeNull();
    const deltas = replies.map((chunk) => (chunk as { delta: Record<string, unknown> }).delta);
    expect(deltas.map((delta) => delta.index)).toEqual([0, 1, 2, 3]);
    expect(deltas.map((delta) => (delta.message as { content: string }).content).join("")).toBe(
      "<think>\nThinking hard\n</think>Hello world",
    );
    expect(deltas.slice(0, 3).map((delta) => delta.usage)).toEqual([null, null, null]);
    expect(deltas[3]).toMatchObject({
      finish_reason: "stop",
      usage: {
        prompt_tokens: 5,
        completion_tokens: 2,
        total_tokens: 7,
        total_price: "0.001",
        prompt_price: "0",
        currency: "USD",
      },
    });
    expect(typeof (deltas[3]?.usage as { latency?: unknown } | undefined)?.latency).toBe("number");
    expect(replies[0]).toMatchObject({ model: "acme-chat", prompt_messages: [] });
  });

  it("passes tool-call pieces through when streaming and folds them into one call when blocking", async () => {
    const data = { ...llm, prompt_messages: prompt, model_parameters: { mode: "tool-pieces" } };
    const streamed = await ask("invoke_llm", { ...data, stream: true });
    const calls = streamed.replies.flatMap(
      (chunk) => (chunk as { delta: { message: { tool_calls?: unknown[] } } }).delta.message.tool_calls ?? [],
    );
    expect(calls).toEqual([
      { id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":' } },
      { id: "", type: "function", function: { name: "", arguments: '"x"}' } },
    ]);
    const blocking = await ask("invoke_llm", { ...data, stream: false });
    expect(blocking.replies).toHaveLength(1);
    expect(blocking.replies[0]).toMatchObject({
      delta: {
        index: 0,
        finish_reason: "tool_calls",
        message: {
          role: "assistant",
          content: "Let me look.",
          tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }],
        },
        usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
      },
    });
  });

  it("closes an open reasoning block and adds usage in a closing chunk", async () => {
    const { replies } = await ask("invoke_llm", {
      ...llm,
      prompt_messages: prompt,
      model_parameters: { mode: "thinking-only" },
    });
    expect(
      replies.map((chunk) => (chunk as { delta: { message: { content: string } } }).delta.message.content),
    ).toEqual(["<think>\nhmm", "\n</think>"]);
    expect((replies[1] as { delta: { usage: unknown } }).delta.usage).toMatchObject({ total_tokens: 0 });
  });

  it("sends the error kind a model throws as the session's error_type", async () => {
    const { error, items } = await harness.request("model", "invoke_llm", {
      ...llm,
      prompt_messages: prompt,
      model_parameters: { mode: "rate-limited" },
    });
    expect(items).toEqual([]);
    expect(error).toMatchObject({ error_type: "InvokeRateLimitError", message: "slow down" });
  });

  it("refuses a reverse call from the model session with ReverseCallRefusedError, sending nothing to the daemon", async () => {
    const { error, calls } = await harness.request("model", "invoke_llm", {
      ...llm,
      prompt_messages: prompt,
      model_parameters: { mode: "reverse-call" },
    });
    expect(error?.error_type).toBe("ReverseCallRefusedError");
    expect(calls).toEqual([]);
  });

  it("names an unknown provider", async () => {
    const { error } = await harness.request("model", "invoke_llm", {
      ...llm,
      provider: "nope",
      prompt_messages: prompt,
    });
    expect(error?.message).toContain('no model provider named "nope"');
  });

  it("also routes a provider named by its full id (author/plugin/provider)", async () => {
    const { error } = await ask("invoke_llm", {
      ...llm,
      provider: "acme/acme/acme",
      prompt_messages: prompt,
    });
    expect(error).toBeNull();
  });
});

describe("the other LLM actions", () => {
  it("counts tokens, with tools: null read as []", async () => {
    const { replies } = await ask("get_llm_num_tokens", { ...llm, prompt_messages: prompt, tools: null });
    expect(replies).toEqual([{ num_tokens: 10 }]);
  });

  it("start_polling answers running with the state and whole seconds; check_polling answers the result or the error", async () => {
    const started = await ask("start_polling", { ...llm, prompt_messages: prompt, stream: false });
    expect(started.replies).toEqual([
      { status: "running", plugin_state: { job: "job-acme-chat" }, next_check_after_seconds: 2 },
    ]);
    const done = await ask("check_polling", { ...llm, plugin_state: { job: "job-acme-chat" } });
    expect(done.replies[0]).toMatchObject({
      status: "succeeded",
      result: {
        model: "acme-chat",
        message: { role: "assistant", content: "done" },
        usage: { total_tokens: 2 },
      },
    });
    const failed = await ask("check_polling", { ...llm, plugin_state: { job: "job-fail" } });
    expect(failed.replies).toEqual([{ status: "failed", error: "the job failed upstream" }]);
  });
});

describe("embeddings, rerank, TTS, speech-to-text, moderation", () => {
  const embed = { ...base, model: "acme-embed", model_type: "text-embedding" };

  it("embeds texts with complete usage", async () => {
    const { replies } = await ask("invoke_text_embedding", {
      ...embed,
      texts: ["ab", "abc"],
      input_type: "document",
    });
    expect(replies).toEqual([
      {
        model: "acme-embed",
        embeddings: [
          [2, 1],
          [3, 1],
        ],
        usage: expect.objectContaining({ tokens: 7, total_tokens: 7, unit_price: "0.0001", currency: "USD" }),
      },
    ]);
  });

  it("counts embedding tokens per text", async () => {
    const { replies } = await ask("get_text_embedding_num_tokens", { ...embed, texts: ["a b c", "d"] });
    expect(replies).toEqual([{ num_tokens: [3, 1] }]);
  });

  it("embeds multimodal documents", async () => {
    const { replies } = await ask("invoke_multimodal_embedding", {
      ...base,
      model: "acme-vision-embed",
      model_type: "text-embedding",
      documents: [
        { content: "a cat", content_type: "text" },
        { content: "data:image/png;base64,AA", content_type: "image" },
      ],
      input_type: "query",
    });
    expect((replies[0] as { embeddings: unknown }).embeddings).toEqual([[0], [1]]);
  });

  it("reranks: sorted by score, score_threshold and top_n applied, text filled", async () => {
    const data = {
      ...base,
      model: "acme-rerank",
      model_type: "rerank",
      query: "q",
      docs: ["a", "abcd", "abc", "ab"],
    };
    const all = await ask("invoke_rerank", { ...data, score_threshold: 0, top_n: 0 });
    expect((all.replies[0] as { docs: Array<{ index: number }> }).docs.map((doc) => doc.index)).toEqual([
      1, 2, 3, 0,
    ]);
    const some = await ask("invoke_rerank", { ...data, score_threshold: 0.2, top_n: 2 });
    expect(some.replies).toEqual([
      {
        model: "acme-rerank",
        docs: [
          { index: 1, text: "abcd", score: 0.4 },
          { index: 2, text: "abc", score: 0.3 },
        ],
      },
    ]);
  });

  it("reranks multimodal documents with their content as text", async () => {
    const { replies } = await ask("invoke_multimodal_rerank", {
      ...base,
      model: "acme-rerank",
      model_type: "rerank",
      query: { content: "q", content_type: "text" },
      docs: [
        { content: "d0", content_type: "text" },
        { content: "d1", content_type: "image" },
      ],
      score_threshold: 0,
      top_n: 1,
    });
    expect(replies).toEqual([{ model: "acme-rerank", docs: [{ index: 0, text: "d0", score: 1 }] }]);
  });

  it("streams TTS audio as hex chunks as they are produced, with the declared mime type", async () => {
    const text = "hello, world";
    const { replies } = await ask("invoke_tts", {
      ...base,
      model: "acme-tts",
      model_type: "tts",
      content_text: text,
      voice: "alloy",
      tenant_id: "t",
    });
    expect(replies).toHaveLength(3);
    expect(replies.every((item) => item.mime_type === "audio/mpeg")).toBe(true);
    expect(Buffer.from(replies.map((item) => item.result).join(""), "hex").toString()).toBe(text);
  });

  it("lists the declared voices for a language", async () => {
    const data = { ...base, model: "acme-tts", model_type: "tts" };
    const zh = await ask("get_tts_model_voices", { ...data, language: "zh-Hans" });
    expect(zh.replies).toEqual([
      {
        voices: [
          { name: "Alloy", value: "alloy" },
          { name: "Mei", value: "mei" },
        ],
      },
    ]);
    const all = await ask("get_tts_model_voices", { ...data, language: "" });
    expect((all.replies[0] as { voices: unknown[] }).voices).toHaveLength(3);
  });

  it("transcribes hex audio", async () => {
    const { replies } = await ask("invoke_speech2text", {
      ...base,
      model: "acme-whisper",
      model_type: "speech2text",
      file: Buffer.from("RIFF").toString("hex"),
    });
    expect(replies).toEqual([{ result: "heard 4 bytes: RIFF" }]);
  });

  it("moderates text", async () => {
    const data = { ...base, model: "acme-mod", model_type: "moderation" };
    expect((await ask("invoke_moderation", { ...data, text: "a bad word" })).replies).toEqual([
      { result: true },
    ]);
    expect((await ask("invoke_moderation", { ...data, text: "fine" })).replies).toEqual([{ result: false }]);
  });
});

describe("credentials and model schemas", () => {
  it("validates provider credentials: {result, credentials}, or CredentialsValidateFailedError without the secret", async () => {
    expect((await ask("validate_provider_credentials", base)).replies).toEqual([
      { result: true, credentials: { api_key: "sk-acme" } },
    ]);
    const bad = await harness.request("model", "validate_provider_credentials", {
      provider: "acme",
      credentials: { api_key: "sk-wrong" },
    });
    expect(bad.error).toMatchObject({
      error_type: "CredentialsValidateFailedError",
      message: "invalid API key",
    });
    expect(JSON.stringify(bad.error)).not.toContain("sk-wrong");
  });

  it("validates model credentials through the model type's definition, storing what it returns", async () => {
    const custom = { ...llm, model: "my-llm", credentials: { base_url: "http://x" } };
    expect((await ask("validate_model_credentials", custom)).replies).toEqual([
      { result: true, credentials: { base_url: "http://x", checked: true } },
    ]);
    const bad = await harness.request("model", "validate_model_credentials", {
      ...custom,
      credentials: { base_url: "bad" },
    });
    expect(bad.error?.error_type).toBe("CredentialsValidateFailedError");
    // A type without its own check accepts the credentials as entered.
    const embed = { ...base, model: "acme-embed", model_type: "text-embedding" };
    expect((await ask("validate_model_credentials", embed)).replies).toEqual([
      { result: true, credentials: { api_key: "sk-acme" } },
    ]);
  });

  it("answers get_ai_model_schemas with the predefined model, the customizable one, or null", async () => {
    const predefined = await ask("get_ai_model_schemas", llm);
    expect(predefined.replies[0]).toMatchObject({ model_schema: { model: "acme-chat", model_type: "llm" } });
    const custom = await ask("get_ai_model_schemas", {
      ...llm,
      model: "my-llm",
      credentials: { base_url: "http://x", mode: "completion" },
    });
    expect(custom.replies[0]).toEqual({
      model_schema: {
        model: "my-llm",
        label: { en_US: "my-llm" },
        model_type: "llm",
        fetch_from: "customizable-model",
        model_properties: { mode: "completion" },
      },
    });
    const unknown = await ask("get_ai_model_schemas", { ...llm, model: "nope", credentials: null });
    expect(unknown.replies).toEqual([{ model_schema: null }]);
  });
});

describe("invokeErrorForStatus", () => {
  it("maps HTTP statuses to Dify's invoke error kinds", () => {
    const kinds = [401, 403, 429, 500, 503, 408, 400, 404, 302].map(
      (status) => invokeErrorForStatus(status, "x").name,
    );
    expect(kinds).toEqual([
      "InvokeAuthorizationError",
      "InvokeAuthorizationError",
      "InvokeRateLimitError",
      "InvokeServerUnavailableError",
      "InvokeServerUnavailableError",
      "InvokeServerUnavailableError",
      "InvokeBadRequestError",
      "InvokeBadRequestError",
      "InvokeError",
    ]);
    expect(invokeErrorForStatus(429, "x")).toMatchObject({ code: "DIFY_ERR_MODEL_RATE_LIMIT", status: 429 });
  });
});

describe("replies the daemon would refuse are caught in the plugin", () => {
  const odd = defineModelProvider({
    provider: { name: "odd", label: "Odd" },
    models: [
      defineTextEmbedding({
        invoke: () => ({ embeddings: [[1]] }),
        numTokens: () => [1, 2],
      }),
      defineRerank({ invoke: () => ({ docs: [{ index: 5, score: 1 }] }) }),
      defineTTS({ invoke: () => new Uint8Array(2_500_000).fill(1) }),
    ],
  });
  let oddHarness: TestHarness;
  beforeAll(() => {
    oddHarness = createTestHarness(new Plugin().register(odd));
  });
  afterAll(() => oddHarness.close());
  const target = { provider: "odd", model: "m", credentials: {} };

  it("names a vector count that does not match the inputs, and a rerank index out of range", async () => {
    const embedded = await oddHarness.request("model", "invoke_text_embedding", {
      ...target,
      model_type: "text-embedding",
      texts: ["a", "b"],
      input_type: "query",
    });
    expect(embedded.items).toEqual([]);
    expect(embedded.error?.message).toBe("an embedding model returned 1 vectors for 2 inputs");
    const ranked = await oddHarness.request("model", "invoke_rerank", {
      ...target,
      model_type: "rerank",
      query: "q",
      docs: ["a"],
      score_threshold: 0,
      top_n: 0,
    });
    expect(ranked.error?.message).toBe("docs[0].index must point into the request's 1 docs");
  });

  it("splits big TTS audio into items of at most 1 MiB so no line crosses the daemon's 5 MiB limit", async () => {
    const { items, error } = await oddHarness.request("model", "invoke_tts", {
      ...target,
      model_type: "tts",
      content_text: "x",
      voice: "v",
      tenant_id: "t",
    });
    expect(error).toBeNull();
    const sizes = (items as Array<{ result: string }>).map((item) => item.result.length / 2);
    expect(sizes).toEqual([1024 * 1024, 1024 * 1024, 2_500_000 - 2 * 1024 * 1024]);
    expect(items.every((item) => !("mime_type" in (item as object)))).toBe(true);
  });
});
