import {
  LLMResultChunkReplySchema,
  ModelProviderDeclarationSchema,
  ValidateCredentialsReplySchema,
} from "@x/protocol";
import { createTestHarness } from "@x/testing";
import { afterAll, describe, expect, it } from "vitest";
import plugin, { provider } from "../src/plugin.js";

// The provider through the real runtime, with requests shaped like the daemon's (`model` / `invoke_llm`, ...);
// every reply is parsed with the schema of what the daemon accepts.

const harness = createTestHarness(plugin);
afterAll(() => harness.close());

const GOOD = { api_key: "sk-test" };
const BAD = { api_key: "nope" };

function invokeLlm(text: string, credentials: Record<string, unknown> = GOOD) {
  return harness.request("model", "invoke_llm", {
    user_id: "user-1",
    provider: "__PROVIDER__",
    model: "echo-1",
    model_type: "llm",
    credentials,
    model_parameters: { temperature: 0.2 },
    prompt_messages: [
      { role: "system", content: "Repeat after me.", name: "", tool_calls: [] },
      { role: "user", content: text, name: "", tool_calls: [] },
    ],
    tools: [],
    stop: null,
    stream: true,
  });
}

describe("the __PROVIDER__ model provider", () => {
  it("declares one LLM, echo-1, with an API-key credential form", () => {
    const declaration = ModelProviderDeclarationSchema.parse(provider.declaration);
    expect(declaration.supported_model_types).toEqual(["llm"]);
    expect(declaration.models.map((model) => model.model)).toEqual(["echo-1"]);
    expect(declaration.provider_credential_schema?.credential_form_schemas).toMatchObject([
      { variable: "api_key", type: "secret-input", required: true },
    ]);
  });

  it("streams the answer in chunks, usage on the last one", async () => {
    const result = await invokeLlm("hello from Dify");
    expect(result.error).toBeNull();
    const chunks = result.items.map((item) => LLMResultChunkReplySchema.parse(item));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe("hello from Dify");
    expect(chunks.every((chunk) => chunk.model === "echo-1")).toBe(true);
    const last = chunks.at(-1)?.delta;
    expect(last?.finish_reason).toBe("stop");
    expect(last?.usage?.completion_tokens).toBe(3);
  });

  it("fails the call with InvokeAuthorizationError when the key is refused", async () => {
    const result = await invokeLlm("hi", BAD);
    expect(result.error?.error_type).toBe("InvokeAuthorizationError");
  });

  it("accepts good credentials and refuses bad ones when Dify validates them", async () => {
    const validate = (credentials: Record<string, unknown>) =>
      harness.request("model", "validate_provider_credentials", {
        user_id: "user-1",
        provider: "__PROVIDER__",
        credentials,
      });
    const ok = await validate(GOOD);
    expect(ok.error).toBeNull();
    expect(ValidateCredentialsReplySchema.parse(ok.items[0])).toMatchObject({ result: true });
    const refused = await validate(BAD);
    expect(refused.error?.error_type).toBe("CredentialsValidateFailedError");
    expect(JSON.stringify(refused.error)).not.toContain("nope");
  });
});
