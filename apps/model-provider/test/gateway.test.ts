import { createTestHarness, type FakeOpenAIServer, startFakeOpenAI, type TestHarness } from "@x/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BAD_KEY, fakeServerOptions, GOOD_KEY, llmRequest, validateRequest } from "../demo/scenario.js";
import { gatewayProvider, plugin } from "../src/index.js";
import { asChunks, expectGatewayAnswers } from "./replies.js";

// The gateway in-process: the real runtime and codec under @x/testing's harness, against the loopback fake
// OpenAI-compatible server.

let server: FakeOpenAIServer;
let harness: TestHarness;
beforeEach(async () => {
  server = await startFakeOpenAI(fakeServerOptions());
  harness = createTestHarness(plugin);
});
afterEach(async () => {
  await harness.close();
  await server.close();
});

describe("openai_gateway in-process", () => {
  it("answers invoke_llm (streamed, with a tool call), embeddings, token counts and credentials like the daemon expects", async () => {
    await expectGatewayAnswers(harness, server.url);
    const chat = server.requestsTo("/chat/completions")[0];
    expect(chat?.headers.authorization).toBe(`Bearer ${GOOD_KEY}`);
    expect(chat?.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0.2,
      max_tokens: 256,
      stream: true,
      user: "demo-user",
      tools: [{ type: "function", function: { name: "get_weather" } }],
    });
  });

  it("declares one provider with its chat and embedding models and the api_base / api_key form", () => {
    const declaration = gatewayProvider.declaration;
    expect(declaration.provider).toBe("openai_gateway");
    expect(declaration.supported_model_types).toEqual(["llm", "text-embedding"]);
    expect(declaration.models?.map((model) => model.model)).toEqual([
      "gpt-4o-mini",
      "text-embedding-3-small",
    ]);
    const fields = declaration.provider_credential_schema?.credential_form_schemas.map((field) => [
      field.variable,
      field.type,
    ]);
    expect(fields).toEqual([
      ["api_base", "text-input"],
      ["api_key", "secret-input"],
    ]);
  });

  it("prices the usage from the model's declared pricing", async () => {
    const result = await harness.request("model", "invoke_llm", llmRequest(server.url));
    const usage = asChunks(result.items).at(-1)?.delta.usage;
    expect(usage?.currency).toBe("USD");
    expect(Number(usage?.total_price)).toBeGreaterThan(0);
  });

  it("refuses a wrong key at validation with CredentialsValidateFailedError, never echoing the key", async () => {
    const result = await harness.request(
      "model",
      "validate_provider_credentials",
      validateRequest(server.url, BAD_KEY),
    );
    expect(result.error?.error_type).toBe("CredentialsValidateFailedError");
    expect(result.error?.message).toContain("401");
    expect(JSON.stringify(result)).not.toContain(BAD_KEY);
  });

  it.each([
    [{ status: 401 }, "InvokeAuthorizationError"],
    [{ status: 429 }, "InvokeRateLimitError"],
    [{ status: 500 }, "InvokeServerUnavailableError"],
    [{ status: 400 }, "InvokeBadRequestError"],
    [{ disconnect: true }, "InvokeConnectionError"],
  ])("an HTTP failure %j during invoke_llm reaches Dify as %s", async (fault, errorType) => {
    server.fault(fault, "/chat/completions");
    const result = await harness.request("model", "invoke_llm", llmRequest(server.url));
    expect(result.error?.error_type).toBe(errorType);
    expect(result.items).toEqual([]);
  });

  it("a stream cut mid-answer ends the session with InvokeConnectionError after the chunks that arrived", async () => {
    await server.close();
    server = await startFakeOpenAI({
      apiKey: GOOD_KEY,
      chat: { content: ["a", "b", "c", "d"], disconnectAfter: 3 },
    });
    const result = await harness.request("model", "invoke_llm", llmRequest(server.url));
    expect(result.error?.error_type).toBe("InvokeConnectionError");
    expect(asChunks(result.items).map((chunk) => chunk.delta.message.content)).toEqual(["a", "b"]);
  });

  it("a server nobody listens on is InvokeConnectionError", async () => {
    const url = server.url;
    await server.close();
    const result = await harness.request("model", "invoke_llm", llmRequest(url));
    expect(result.error?.error_type).toBe("InvokeConnectionError");
    server = await startFakeOpenAI(fakeServerOptions()); // for afterEach
  });
});
