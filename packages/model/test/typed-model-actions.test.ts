import { createTestHarness, invokeModelAction, type TestHarness } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acmePlugin } from "./provider-fixture.js";

// @x/testing's typed model driver against the fixture provider: requests typed from @x/protocol, replies read with
// the daemon-strict reply schemas (so the chunk fields below are typed, no casts).
let harness: TestHarness;
beforeAll(() => {
  harness = createTestHarness(acmePlugin());
});
afterAll(() => harness.close());

const base = { provider: "acme", credentials: { api_key: "sk-acme" } };

describe("invokeModelAction", () => {
  it("sends a typed invoke_llm and returns typed chunks, usage on the last one", async () => {
    const run = await invokeModelAction(harness, "invoke_llm", {
      ...base,
      model: "acme-chat",
      model_type: "llm",
      prompt_messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    expect(run.error).toBeNull();
    expect(run.replies.length).toBeGreaterThan(1);
    expect(run.replies.map((chunk) => chunk.delta.index)).toEqual(run.replies.map((_, i) => i));
    expect(run.replies.at(-1)?.delta.usage?.total_tokens).toBeGreaterThan(0);
  });

  it("types every action's reply: token counts and credential checks", async () => {
    const tokens = await invokeModelAction(harness, "get_llm_num_tokens", {
      ...base,
      model: "acme-chat",
      model_type: "llm",
      prompt_messages: [{ role: "user", content: "hello there" }],
    });
    expect(typeof tokens.replies[0]?.num_tokens).toBe("number");
    const good = await invokeModelAction(harness, "validate_provider_credentials", base);
    expect(good.replies[0]?.result).toBe(true);
  });

  it("refuses a request the daemon could not send, before it goes out", async () => {
    await expect(
      // @ts-expect-error: invoke_text_embedding needs `texts`
      invokeModelAction(harness, "invoke_text_embedding", {
        ...base,
        model: "acme-embed",
        model_type: "text-embedding",
      }),
    ).rejects.toThrow(/invoke_text_embedding: not a request the daemon sends: texts/);
  });
});
