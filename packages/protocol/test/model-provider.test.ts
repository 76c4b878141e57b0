import { describe, expect, it } from "vitest";
import { RequestDataSchema } from "../src/frames/request-frame.js";
import {
  AIModelSchemasReplySchema,
  CheckPollingRequestSchema,
  EmbeddingReplySchema,
  GetLLMNumTokensRequestSchema,
  InvokeLLMRequestSchema,
  InvokeSpeech2TextRequestSchema,
  LLMResultChunkReplySchema,
  LLMUsageReplySchema,
  MODEL_ACCESS_TYPE,
  MODEL_ACTIONS,
  MODEL_REPLY_BUFFER,
  MODEL_REPLY_SCHEMAS,
  MODEL_REQUEST_SCHEMAS,
  ModelDeclarationSchema,
  ModelPollingResultSchema,
  ModelProviderDeclarationSchema,
  RerankReplySchema,
  StartPollingRequestSchema,
  TTSReplyChunkSchema,
  TTSVoicesReplySchema,
  ValidateCredentialsReplySchema,
} from "../src/model-provider/index.js";
import openai from "./fixtures/model-provider-openai.json" with { type: "json" };
import requests from "./fixtures/model-requests.json" with { type: "json" };

function messages(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

const fullUsage = {
  prompt_tokens: 10,
  prompt_unit_price: 0.1,
  prompt_price_unit: 1,
  prompt_price: 1,
  completion_tokens: 10,
  completion_unit_price: 0.1,
  completion_price_unit: 1,
  completion_price: 1,
  total_tokens: 20,
  total_price: 2,
  currency: "usd",
  latency: 0.1,
};

describe("model requests", () => {
  it("routes on the model access type and the 16 actions of access.go", () => {
    expect(MODEL_ACCESS_TYPE).toBe("model");
    expect(MODEL_ACTIONS).toHaveLength(16);
    expect(Object.keys(MODEL_REQUEST_SCHEMAS)).toEqual([...MODEL_ACTIONS]);
    expect(Object.keys(MODEL_REPLY_SCHEMAS)).toEqual([...MODEL_ACTIONS]);
    expect(Object.keys(requests).sort()).toEqual([...MODEL_ACTIONS].sort());
  });

  it("gives the streamed actions (invoke_llm, invoke_tts) the daemon's 512-item buffer and the rest 1", () => {
    const streamed = MODEL_ACTIONS.filter((action) => MODEL_REPLY_BUFFER[action] > 1);
    expect(streamed).toEqual(["invoke_llm", "invoke_tts"]);
  });

  it("parses every fixture request with the schema of its action", () => {
    for (const data of Object.values(requests)) {
      const routed = RequestDataSchema.parse(data);
      expect(routed.type).toBe(MODEL_ACCESS_TYPE);
      const schema = MODEL_REQUEST_SCHEMAS[routed.action as keyof typeof MODEL_REQUEST_SCHEMAS];
      const parsed = schema.safeParse(data);
      expect(parsed.success, `${routed.action}: ${messages(parsed).join("; ")}`).toBe(true);
    }
  });

  it("reads the nil lists of invoke_llm as [] and a missing stream as true, keeping the daemon's tolerant parts", () => {
    const parsed = InvokeLLMRequestSchema.parse(requests.invoke_llm);
    expect(parsed.tools).toEqual([]);
    expect(parsed.stop).toEqual([]);
    expect(parsed.stream).toBe(true);
    expect(parsed.prompt_messages[0]?.tool_calls).toEqual([]);
    // llm_test.go TestImagePromptMessage: an image part with only `data` is accepted.
    expect(parsed.prompt_messages[1]?.content).toEqual([
      { type: "text", data: "hi" },
      { type: "image", data: "base64" },
    ]);
    expect(parsed.tool_choice).toEqual({ mode: "auto" });
    const { stream: _s, ...noStream } = requests.invoke_llm;
    expect(InvokeLLMRequestSchema.parse(noStream).stream).toBe(true);
  });

  it("rejects a prompt message with an unknown role (llm_test.go TestWrongRole)", () => {
    const bad = { ...requests.invoke_llm, prompt_messages: [{ role: "abc", content: "hello" }] };
    expect(InvokeLLMRequestSchema.safeParse(bad).success).toBe(false);
  });

  it("accepts a start_polling request without the suspension fields (model_polling_test.go)", () => {
    const parsed = StartPollingRequestSchema.parse(requests.start_polling);
    expect(parsed.prompt_messages).toEqual([]);
    expect(parsed.credentials).toEqual({ ark_api_key: "test" });
  });

  it("requires a non-empty plugin_state on check_polling (model_polling_test.go)", () => {
    const { plugin_state: _p, ...noState } = requests.check_polling;
    expect(messages(CheckPollingRequestSchema.safeParse(noState))).toEqual(["plugin_state is required"]);
    expect(messages(CheckPollingRequestSchema.safeParse({ ...noState, plugin_state: {} }))).toEqual([
      "plugin_state must have at least one key",
    ]);
  });

  it("reads get_llm_num_tokens tools: null as [] (mapstructure bypasses MarshalJSON, §2.3)", () => {
    expect(GetLLMNumTokensRequestSchema.parse(requests.get_llm_num_tokens).tools).toEqual([]);
  });

  it("requires speech2text audio as hex", () => {
    expect(InvokeSpeech2TextRequestSchema.parse(requests.invoke_speech2text).file).toBe("52494646");
    const bad = InvokeSpeech2TextRequestSchema.safeParse({ ...requests.invoke_speech2text, file: "xyz" });
    expect(messages(bad)).toEqual(["file must be the audio bytes in hex"]);
  });

  it("reads credentials: null as {}", () => {
    const parsed = MODEL_REQUEST_SCHEMAS.get_ai_model_schemas.parse(requests.get_ai_model_schemas);
    expect(parsed.credentials).toEqual({});
  });
});

describe("LLM chunk replies (llm.go, §4.7)", () => {
  it("accepts the daemon's full-function chunk and zero usage (llm_test.go)", () => {
    const chunk = {
      model: "gpt-3.5-turbo",
      prompt_messages: [{ role: "system", content: "you are a helpful assistant" }],
      system_fingerprint: "123",
      delta: {
        index: 0,
        message: { role: "assistant", content: "I am a helpful assistant" },
        usage: fullUsage,
        finish_reason: "completed",
      },
    };
    expect(LLMResultChunkReplySchema.safeParse(chunk).success).toBe(true);
    const zero = Object.fromEntries(
      Object.entries(fullUsage).map(([k, v]) => [k, typeof v === "number" ? 0 : v]),
    );
    expect(LLMUsageReplySchema.safeParse(zero).success).toBe(true);
  });

  it("always sends prompt_messages: [] (the daemon's compatibility shim)", () => {
    const chunk = LLMResultChunkReplySchema.parse({
      model: "m",
      delta: { index: 0, message: { role: "assistant", content: "" } },
    });
    expect(chunk.prompt_messages).toEqual([]);
  });

  it("rejects an empty model, a missing index, a bad role, null content and partial usage", () => {
    const ok = { model: "m", delta: { index: 0, message: { role: "assistant", content: "x" } } };
    expect(messages(LLMResultChunkReplySchema.safeParse({ ...ok, model: "" }))).toEqual([
      "model must not be empty",
    ]);
    expect(
      messages(LLMResultChunkReplySchema.safeParse({ ...ok, delta: { message: ok.delta.message } })),
    ).toEqual(["delta.index is required"]);
    expect(
      messages(
        LLMResultChunkReplySchema.safeParse({
          ...ok,
          delta: { index: 0, message: { role: "bot", content: "x" } },
        }),
      ),
    ).toEqual(["delta.message.role must be system, user, assistant or tool"]);
    expect(
      messages(
        LLMResultChunkReplySchema.safeParse({
          ...ok,
          delta: { index: 0, message: { role: "assistant", content: null } },
        }),
      ),
    ).toEqual(["delta.message.content must be a string or an array of content parts (not null)"]);
    const { latency: _l, ...noLatency } = fullUsage;
    expect(
      messages(LLMResultChunkReplySchema.safeParse({ ...ok, delta: { ...ok.delta, usage: noLatency } })),
    ).toEqual(["usage.latency is required"]);
  });

  it("requires tool-call arguments as JSON text (PromptMessageToolCall.Function.Arguments is a string)", () => {
    const chunk = (args: unknown) => ({
      model: "m",
      delta: {
        index: 0,
        message: {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: args } }],
        },
      },
    });
    expect(LLMResultChunkReplySchema.safeParse(chunk('{"a":1}')).success).toBe(true);
    expect(LLMResultChunkReplySchema.safeParse(chunk({ a: 1 })).success).toBe(false);
  });
});

describe("polling results (polling_test.go)", () => {
  const result = { model: "m", message: { role: "assistant", content: "done" }, usage: fullUsage };

  it("accepts a running job with state and a terminal result or error", () => {
    expect(
      ModelPollingResultSchema.safeParse({
        status: "running",
        plugin_state: { task_id: "task-1" },
        next_check_after_seconds: 10,
      }).success,
    ).toBe(true);
    expect(ModelPollingResultSchema.safeParse({ status: "succeeded", result }).success).toBe(true);
    expect(ModelPollingResultSchema.safeParse({ status: "failed", error: "provider failed" }).success).toBe(
      true,
    );
  });

  it("rejects an unknown status, running without state, succeeded without result, failed with a blank error", () => {
    expect(ModelPollingResultSchema.safeParse({ status: "pending" }).success).toBe(false);
    expect(messages(ModelPollingResultSchema.safeParse({ status: "running" }))).toEqual([
      "a running job needs a non-empty plugin_state",
    ]);
    expect(messages(ModelPollingResultSchema.safeParse({ status: "succeeded" }))).toEqual([
      "a succeeded job needs its result",
    ]);
    expect(messages(ModelPollingResultSchema.safeParse({ status: "failed", error: "  " }))).toEqual([
      "a failed job needs a non-blank error",
    ]);
  });
});

describe("other model replies", () => {
  it("embedding: accepts the daemon's vector and rejects missing latency and flat embeddings (text_embedding_test.go)", () => {
    const usage = {
      tokens: 3,
      total_tokens: 100,
      unit_price: 0.1,
      price_unit: 1,
      total_price: 10,
      currency: "usd",
      latency: 0.1,
    };
    const full = { model: "text_embedding", embeddings: [[0.1, 0.2, 0.3]], usage };
    expect(EmbeddingReplySchema.safeParse(full).success).toBe(true);
    const { latency: _l, ...noLatency } = usage;
    expect(messages(EmbeddingReplySchema.safeParse({ ...full, usage: noLatency }))).toEqual([
      "usage.latency is required",
    ]);
    expect(EmbeddingReplySchema.safeParse({ ...full, embeddings: [0.1, 0.2, 0.3] }).success).toBe(false);
  });

  it("rerank: needs index, text and score on every doc (rerank_test.go)", () => {
    expect(
      RerankReplySchema.safeParse({ model: "rerank", docs: [{ index: 1, text: "text", score: 0.1 }] })
        .success,
    ).toBe(true);
    expect(
      messages(RerankReplySchema.safeParse({ model: "rerank", docs: [{ index: 1, text: "text" }] })),
    ).toEqual(["docs[].score is required"]);
    expect(
      messages(RerankReplySchema.safeParse({ model: "rerank", docs: [{ text: "text", score: 0.1 }] })),
    ).toEqual(["docs[].index is required"]);
  });

  it("tts: hex audio with an optional mime type (tts_test.go), voices need name and value", () => {
    expect(TTSReplyChunkSchema.parse({ result: "52494646", mime_type: "audio/wav" })).toEqual({
      result: "52494646",
      mime_type: "audio/wav",
    });
    expect(TTSReplyChunkSchema.parse({ result: "52494646" })).toEqual({ result: "52494646" });
    expect(TTSReplyChunkSchema.safeParse({ result: "RIFF" }).success).toBe(false);
    expect(messages(TTSVoicesReplySchema.safeParse({ voices: [{ name: "Alloy", value: "" }] }))).toEqual([
      "voices[].value must not be empty",
    ]);
  });

  it("credential validation answers result and the credentials to store", () => {
    expect(
      ValidateCredentialsReplySchema.safeParse({ result: true, credentials: { api_key: "k" } }).success,
    ).toBe(true);
    expect(messages(ValidateCredentialsReplySchema.safeParse({ result: true }))).toEqual([
      "credentials is required",
    ]);
  });
});

describe("model declarations (model_declaration.go)", () => {
  const gpt = {
    model: "gpt-4o-mini",
    label: { en_US: "gpt-4o-mini" },
    model_type: "llm",
    features: ["multi-tool-call", "agent-thought", "stream-tool-call", "vision"],
    model_properties: { mode: "chat", context_size: 128000 },
    parameter_rules: [
      { name: "temperature", use_template: "temperature" },
      { name: "max_tokens", use_template: "max_tokens", default: 512, min: 1, max: 16384 },
      {
        name: "response_format",
        label: { en_US: "Response Format" },
        type: "string",
        options: ["text", "json_object"],
      },
    ],
    pricing: { input: "0.15", output: "0.60", unit: "0.000001", currency: "USD" },
  };

  it("accepts a predefined LLM as the official OpenAI plugin declares it", () => {
    expect(ModelDeclarationSchema.safeParse(gpt).success).toBe(true);
  });

  it("rejects a rule without use_template that lacks label or type, an unknown template and an unknown model type", () => {
    const noType = { ...gpt, parameter_rules: [{ name: "seed", label: { en_US: "Seed" } }] };
    expect(messages(ModelDeclarationSchema.safeParse(noType))).toEqual([
      "a parameter rule without use_template needs label and type",
    ]);
    const unknown = { ...gpt, parameter_rules: [{ name: "x", use_template: "nope" }] };
    expect(ModelDeclarationSchema.safeParse(unknown).success).toBe(false);
    expect(ModelDeclarationSchema.safeParse({ ...gpt, model_type: "chat" }).success).toBe(false);
    expect(AIModelSchemasReplySchema.safeParse({ model_schema: null }).success).toBe(true);
  });

  it("accepts a customizable provider with a model credential form, and requires its model types and methods", () => {
    const provider = {
      provider: "ollama",
      label: { en_US: "Ollama" },
      supported_model_types: ["llm", "text-embedding"],
      configurate_methods: ["customizable-model"],
      model_credential_schema: {
        model: { label: { en_US: "Model Name" } },
        credential_form_schemas: [
          { variable: "base_url", label: { en_US: "Base URL" }, type: "text-input", required: true },
          {
            variable: "mode",
            label: { en_US: "Completion mode" },
            type: "select",
            options: [{ label: { en_US: "Chat" }, value: "chat" }],
            show_on: [{ variable: "__model_type", value: "llm" }],
          },
        ],
      },
      models: [],
    };
    expect(ModelProviderDeclarationSchema.safeParse(provider).success).toBe(true);
    const { supported_model_types: _s, ...noTypes } = provider;
    expect(messages(ModelProviderDeclarationSchema.safeParse(noTypes))).toEqual([
      "supported_model_types is required",
    ]);
    const badForm = {
      ...provider,
      model_credential_schema: {
        model: { label: { en_US: "Model" } },
        credential_form_schemas: [{ variable: "k", label: { en_US: "K" }, type: "password" }],
      },
    };
    expect(messages(ModelProviderDeclarationSchema.safeParse(badForm))).toEqual([
      "type must be one of text-input, secret-input, select, radio, switch",
    ]);
  });
});

describe("usage prices (decimal.Decimal structs)", () => {
  it("may be left out, as the daemon's validator skips required on non-pointer structs, but counts may not", () => {
    const usage = {
      prompt_tokens: 1,
      completion_tokens: 1,
      total_tokens: 2,
      currency: "USD",
      latency: 0.5,
    };
    expect(LLMUsageReplySchema.safeParse(usage).success).toBe(true);
    const { prompt_tokens: _p, ...noCount } = usage;
    expect(messages(LLMUsageReplySchema.safeParse(noCount))).toEqual(["usage.prompt_tokens is required"]);
    expect(LLMUsageReplySchema.parse({ ...usage, total_price: 0.0013 }).total_price).toBe("0.0013");
  });
});

describe("the daemon's OpenAI provider vector (model_declaration_test.go TestFullFunctionModelProvider_Validate)", () => {
  it("is a valid model provider declaration once `models` is present (JSON registration requires it)", () => {
    const parsed = ModelProviderDeclarationSchema.safeParse(openai);
    expect(parsed.success, parsed.error?.message).toBe(true);
    const { models: _m, ...noModels } = openai;
    expect(ModelProviderDeclarationSchema.safeParse(noModels).success).toBe(false);
  });
});
