import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LLMResultChunkReplySchema, MODEL_REPLY_SCHEMAS } from "@x/protocol";
import { launchStdioPlugin, type StdioPluginProcess } from "@x/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = (path: string) => new URL(`../${path}`, import.meta.url);
const target = { provider: "echo", model: "echo-1", model_type: "llm", credentials: { api_key: "sk-good" } };
const embed = {
  provider: "echo",
  model: "echo-embed",
  model_type: "text-embedding",
  credentials: { api_key: "sk-good" },
};

describe("the README's model provider, run as a child process over stdio", () => {
  let plugin: StdioPluginProcess;

  beforeAll(async () => {
    plugin = await launchStdioPlugin({
      command: process.execPath,
      args: ["--conditions=@x/source", "--import", "tsx", "examples/model-provider.ts"],
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
  }, 120_000);

  afterAll(async () => {
    await plugin?.close();
  });

  it("is the README's first example, verbatim", () => {
    const readme = readFileSync(here("README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(readFileSync(here("examples/model-provider.ts"), "utf8"));
  });

  it("streams invoke_llm with reasoning and a tool call, usage on the last chunk, every chunk valid", async () => {
    const result = await plugin.request("model", "invoke_llm", {
      ...target,
      model_parameters: { temperature: 0.1 },
      prompt_messages: [{ role: "user", content: "hello there" }],
      tools: [{ name: "lookup", description: "Looks up", parameters: { type: "object", properties: {} } }],
      stop: null,
      json_schema: null,
      stream: true,
    });
    expect(result.error).toBeNull();
    const chunks = result.items.map((item) => LLMResultChunkReplySchema.parse(item));
    expect(chunks.map((chunk) => chunk.delta.index)).toEqual(chunks.map((_, i) => i));
    const text = chunks.map((chunk) => chunk.delta.message.content).join("");
    expect(text).toBe("<think>\nThe user wants an echo.\n</think>hello there ");
    const calls = chunks.flatMap((chunk) => chunk.delta.message.tool_calls ?? []);
    expect(calls).toEqual([
      { id: "call-1", type: "function", function: { name: "lookup", arguments: '{"query":"hello there"}' } },
    ]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.delta.usage === null)).toBe(true);
    expect(chunks.at(-1)?.delta).toMatchObject({
      finish_reason: "stop",
      usage: { prompt_tokens: 11, completion_tokens: 11, total_tokens: 22, currency: "USD" },
    });
  });

  it("answers invoke_text_embedding with vectors and full usage", async () => {
    const result = await plugin.request("model", "invoke_text_embedding", {
      ...embed,
      texts: ["a b", "hello"],
      input_type: "document",
    });
    expect(result.error).toBeNull();
    const reply = MODEL_REPLY_SCHEMAS.invoke_text_embedding.parse(result.items[0]);
    expect(reply.embeddings).toEqual([
      [3, 2, 1],
      [5, 1, 1],
    ]);
    expect(reply.usage).toMatchObject({ tokens: 9, total_tokens: 9, currency: "USD" });
  });

  it("counts tokens (get_llm_num_tokens with tools: null)", async () => {
    const prompt = [{ role: "user", content: "hi" }];
    const result = await plugin.request("model", "get_llm_num_tokens", {
      ...target,
      prompt_messages: prompt,
      tools: null,
    });
    expect(result.error).toBeNull();
    expect(result.items).toEqual([
      { num_tokens: JSON.stringify(prompt.map((m) => ({ ...m, tool_calls: [] }))).length },
    ]);
  });

  it("validates provider credentials: a good key answers {result, credentials}, a bad one the error kind", async () => {
    const good = await plugin.request("model", "validate_provider_credentials", {
      provider: "echo",
      credentials: { api_key: "sk-good" },
    });
    expect(good.items).toEqual([{ result: true, credentials: { api_key: "sk-good" } }]);
    const bad = await plugin.request("model", "validate_provider_credentials", {
      provider: "echo",
      credentials: { api_key: "sk-bad" },
    });
    expect(bad.items).toEqual([]);
    expect(bad.error).toMatchObject({
      error_type: "CredentialsValidateFailedError",
      message: "the API key was refused",
    });
    expect(JSON.stringify(bad.error)).not.toContain("sk-bad");
  });

  it("reports an upstream authorization failure as InvokeAuthorizationError", async () => {
    const result = await plugin.request("model", "invoke_llm", {
      ...target,
      credentials: { api_key: "sk-bad" },
      prompt_messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    expect(result.error?.error_type).toBe("InvokeAuthorizationError");
  });
});
