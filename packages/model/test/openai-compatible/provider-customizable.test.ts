import { Plugin } from "@x/core";
import {
  AIModelSchemasReplySchema,
  LLMResultChunkReplySchema,
  ValidateCredentialsReplySchema,
} from "@x/protocol";
import { createTestHarness, type FakeOpenAIServer, startFakeOpenAI, type TestHarness } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { openAICompatibleProvider } from "../../src/openai-compatible/index.js";

// `customizable: true`: users add models by name, each with its own form (server, key, context size...), like
// the Python SDK's openai_api_compatible plugin.

const provider = openAICompatibleProvider({
  provider: { name: "anycompat", label: "Any OpenAI-compatible model" },
  models: { llm: [], "text-embedding": [], tts: [] },
  customizable: true,
});

let server: FakeOpenAIServer | undefined;
let harness: TestHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

async function start() {
  server = await startFakeOpenAI({ chat: { content: "hi" } });
  harness = createTestHarness(new Plugin().register(provider));
  return {
    server,
    harness,
    credentials: { api_base: server.url, api_key: "sk-test", context_size: "32768" },
  };
}

describe("openAICompatibleProvider with customizable models", () => {
  it("declares only the customizable method, with a model form and no provider form", () => {
    expect(provider.declaration.configurate_methods).toEqual(["customizable-model"]);
    expect(provider.declaration.provider_credential_schema).toBeUndefined();
    const fields = provider.declaration.model_credential_schema?.credential_form_schemas.map(
      (field) => field.variable,
    );
    expect(fields).toEqual([
      "api_base",
      "api_key",
      "context_size",
      "mode",
      "function_calling_type",
      "voices",
    ]);
  });

  it("answers get_ai_model_schemas from the model's form", async () => {
    const { harness, credentials } = await start();
    const llm = await harness.request("model", "get_ai_model_schemas", {
      provider: "anycompat",
      model: "llama-3.1-8b",
      model_type: "llm",
      credentials,
    });
    const schema = AIModelSchemasReplySchema.parse(llm.items[0]).model_schema;
    expect(schema).toMatchObject({
      model: "llama-3.1-8b",
      model_type: "llm",
      fetch_from: "customizable-model",
      features: ["tool-call", "multi-tool-call", "stream-tool-call"],
      model_properties: { mode: "chat", context_size: 32768 },
    });
    const tts = await harness.request("model", "get_ai_model_schemas", {
      provider: "anycompat",
      model: "kokoro",
      model_type: "tts",
      credentials: { ...credentials, voices: "af_bella, am_adam" },
    });
    expect(AIModelSchemasReplySchema.parse(tts.items[0]).model_schema?.model_properties).toMatchObject({
      default_voice: "af_bella",
      voices: [
        { mode: "af_bella", name: "af_bella", language: ["en-US"] },
        { mode: "am_adam", name: "am_adam", language: ["en-US"] },
      ],
    });
  });

  it("validate_model_credentials calls that very model, and refuses a wrong key", async () => {
    const { server, harness, credentials } = await start();
    const ok = await harness.request("model", "validate_model_credentials", {
      provider: "anycompat",
      model: "llama-3.1-8b",
      model_type: "llm",
      credentials,
    });
    expect(ValidateCredentialsReplySchema.parse(ok.items[0]).result).toBe(true);
    expect(server.requestsTo("/chat/completions")[0]?.body).toMatchObject({
      model: "llama-3.1-8b",
      max_tokens: 5,
    });
    const embedding = await harness.request("model", "validate_model_credentials", {
      provider: "anycompat",
      model: "bge-m3",
      model_type: "text-embedding",
      credentials,
    });
    expect(embedding.items[0]).toMatchObject({ result: true });
    expect(server.requestsTo("/embeddings")[0]?.body).toMatchObject({ model: "bge-m3", input: ["ping"] });
    const bad = await harness.request("model", "validate_model_credentials", {
      provider: "anycompat",
      model: "llama-3.1-8b",
      model_type: "llm",
      credentials: { ...credentials, api_key: "sk-wrong-000000" },
    });
    expect(bad.error?.error_type).toBe("CredentialsValidateFailedError");
    expect(bad.error?.message).not.toContain("sk-wrong-000000");
  });

  it("serves a model the user added in completion mode through /completions, without tool calls", async () => {
    const { server, harness, credentials } = await start();
    const form = { ...credentials, mode: "completion" };
    const schema = await harness.request("model", "get_ai_model_schemas", {
      provider: "anycompat",
      model: "llama-base",
      model_type: "llm",
      credentials: form,
    });
    expect(AIModelSchemasReplySchema.parse(schema.items[0]).model_schema).toMatchObject({
      features: [],
      model_properties: { mode: "completion" },
    });
    const check = await harness.request("model", "validate_model_credentials", {
      provider: "anycompat",
      model: "llama-base",
      model_type: "llm",
      credentials: form,
    });
    expect(ValidateCredentialsReplySchema.parse(check.items[0]).result).toBe(true);
    const result = await harness.request("model", "invoke_llm", {
      provider: "anycompat",
      model: "llama-base",
      model_type: "llm",
      credentials: form,
      prompt_messages: [{ role: "user", content: "Once" }],
      stream: true,
    });
    expect(result.error).toBeNull();
    expect(server.requestsTo("/chat/completions")).toEqual([]);
    expect(server.requestsTo("/completions").map((sent) => (sent.body as { prompt: string }).prompt)).toEqual(
      ["ping", "Once"],
    );
  });

  it("invokes a model the user added by name", async () => {
    const { server, harness, credentials } = await start();
    const result = await harness.request("model", "invoke_llm", {
      provider: "anycompat",
      model: "llama-3.1-8b",
      model_type: "llm",
      credentials,
      prompt_messages: [{ role: "user", content: "hello" }],
      stream: true,
    });
    expect(
      result.items.map((item) => LLMResultChunkReplySchema.parse(item).delta.message.content).join(""),
    ).toBe("hi");
    expect(server.requestsTo("/chat/completions")[0]?.body).toMatchObject({ model: "llama-3.1-8b" });
  });
});
