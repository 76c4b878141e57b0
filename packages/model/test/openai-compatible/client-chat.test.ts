import { type LLMResultChunk, LLMResultChunkReplySchema } from "@x/protocol";
import { type FakeOpenAIServer, startFakeOpenAI } from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { InvokeBadRequestError, InvokeConnectionError } from "../../src/index.js";
import { OpenAICompatibleClient } from "../../src/openai-compatible/index.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const weatherTool = {
  name: "get_weather",
  description: "Weather of a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

// What the daemon's validator would reject in a chunk (`pkg/entities/model_entities/llm.go`, §2.3), as
// @x/protocol's reply schema states it.
function daemonChunkProblems(chunk: LLMResultChunk): string[] {
  const parsed = LLMResultChunkReplySchema.safeParse(JSON.parse(JSON.stringify(chunk)));
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("chat completions", () => {
  it("streams text deltas as chunks that pass the daemon's validation, with full usage on the last one", async () => {
    server = await startFakeOpenAI({
      chat: { content: ["Hello", ", ", "world"], usage: { prompt_tokens: 7, completion_tokens: 3 } },
    });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const chunks = await collect(
      client.chat({ model: "fake-chat", promptMessages: [{ role: "user", content: "hi" }] }),
    );
    expect(chunks.map((chunk) => chunk.delta.message.content)).toEqual(["Hello", ", ", "world", ""]);
    expect(chunks.map((chunk) => chunk.delta.index)).toEqual([0, 1, 2, 3]);
    expect(chunks.flatMap(daemonChunkProblems)).toEqual([]);
    // The check bites: a null content or a partial usage would be refused.
    const first = chunks[0] as LLMResultChunk;
    expect(
      daemonChunkProblems({
        ...first,
        delta: { ...first.delta, message: { role: "assistant", content: null } },
      }),
    ).not.toEqual([]);
    expect(chunks.slice(0, -1).every((chunk) => chunk.delta.usage === undefined)).toBe(true);
    const last = chunks.at(-1);
    expect(last?.delta.finish_reason).toBe("stop");
    expect(last?.delta.usage).toMatchObject({
      prompt_tokens: 7,
      completion_tokens: 3,
      total_tokens: 10,
      currency: "USD",
    });
    expect(last?.system_fingerprint).toBe("fp_fake");
    const sent = server.requestsTo("/chat/completions")[0];
    expect(sent?.headers.authorization).toBe("Bearer sk-test");
    expect(sent?.body).toMatchObject({
      model: "fake-chat",
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("assembles streamed tool-call deltas into complete calls on the last chunk", async () => {
    server = await startFakeOpenAI({
      chat: {
        content: "Let me check.",
        toolCalls: [{ id: "call_w", name: "get_weather", arguments: { city: "Paris" } }],
      },
    });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const chunks = await collect(
      client.chat({
        model: "fake-chat",
        promptMessages: [{ role: "user", content: "Weather in Paris?" }],
        tools: [weatherTool],
        toolChoice: { mode: "auto" },
      }),
    );
    const last = chunks.at(-1);
    expect(last?.delta.message.tool_calls).toEqual([
      { id: "call_w", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    ]);
    expect(last?.delta.finish_reason).toBe("tool_calls");
    expect(chunks.slice(0, -1).every((chunk) => chunk.delta.message.tool_calls?.length === 0)).toBe(true);
    expect(chunks.flatMap(daemonChunkProblems)).toEqual([]);
    expect(server.requestsTo("/chat/completions")[0]?.body).toMatchObject({
      tools: [{ type: "function", function: { name: "get_weather", parameters: weatherTool.parameters } }],
      tool_choice: "auto",
    });
  });

  it("sends the conversation with tool calls and tool answers in OpenAI's shape", async () => {
    server = await startFakeOpenAI({ chat: { content: "Sunny." } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    await collect(
      client.chat({
        model: "fake-chat",
        stream: false,
        modelParameters: { temperature: 0.2, max_tokens: 50, response_format: "json_object" },
        stop: ["\n\n"],
        toolChoice: { mode: "tool", name: "get_weather" },
        tools: [weatherTool],
        promptMessages: [
          { role: "system", content: "Be brief." },
          {
            role: "user",
            content: [
              { type: "text", data: "What is this?" },
              { type: "image", url: "https://x.test/a.png", mime_type: "image/png", detail: "high" },
              { type: "image", base64_data: "AAAA", mime_type: "image/jpeg" },
            ],
          },
          {
            role: "assistant",
            content: "",
            tool_calls: [
              { id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
            ],
          },
          { role: "tool", content: "12°C", tool_call_id: "c1" },
        ],
      }),
    );
    expect(server.requestsTo("/chat/completions")[0]?.body).toEqual({
      model: "fake-chat",
      temperature: 0.2,
      max_tokens: 50,
      response_format: { type: "json_object" },
      stop: ["\n\n"],
      stream: false,
      tools: [{ type: "function", function: weatherTool }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      messages: [
        { role: "system", content: "Be brief." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://x.test/a.png", detail: "high" } },
            { type: "image_url", image_url: { url: "data:image/jpeg;base64,AAAA", detail: "low" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
          ],
        },
        { role: "tool", content: "12°C", tool_call_id: "c1" },
      ],
    });
  });

  it("blocking mode answers one chunk with the text, tool calls and usage", async () => {
    server = await startFakeOpenAI({
      chat: {
        content: "Calling.",
        toolCalls: [{ id: "c9", name: "get_weather", arguments: '{"city":"Rome"}' }],
      },
    });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const chunks = await collect(
      client.chat({
        model: "fake-chat",
        stream: false,
        promptMessages: [{ role: "user", content: "Rome?" }],
        tools: [weatherTool],
      }),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.delta).toMatchObject({
      index: 0,
      message: {
        role: "assistant",
        content: "Calling.",
        tool_calls: [
          { id: "c9", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
        ],
      },
      finish_reason: "tool_calls",
    });
    expect(chunks.flatMap(daemonChunkProblems)).toEqual([]);
    expect(server.requestsTo("/chat/completions")[0]?.body).not.toHaveProperty("stream_options");
  });

  it("wraps streamed reasoning in <think> tags before the answer", async () => {
    server = await startFakeOpenAI({ chat: { reasoning: ["Thinking ", "hard."], content: ["Done."] } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const chunks = await collect(
      client.chat({ model: "r1", promptMessages: [{ role: "user", content: "?" }] }),
    );
    expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe(
      "<think>\nThinking hard.\n</think>Done.",
    );
  });

  it("closes an unfinished <think> on the last chunk and estimates usage when the server reports none", async () => {
    server = await startFakeOpenAI({
      apiKey: null,
      chat: { reasoning: "only thoughts", content: [], usage: null },
    });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, streamUsage: false });
    const chunks = await collect(
      client.chat({ model: "r1", promptMessages: [{ role: "user", content: "hello there" }] }),
    );
    expect(chunks.map((chunk) => chunk.delta.message.content).join("")).toBe(
      "<think>\nonly thoughts\n</think>",
    );
    const usage = chunks.at(-1)?.delta.usage;
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(server.requestsTo("/chat/completions")[0]?.body).not.toHaveProperty("stream_options");
    expect(server.requestsTo("/chat/completions")[0]?.headers.authorization).toBeUndefined();
  });

  it("prices usage from the model's pricing", async () => {
    server = await startFakeOpenAI({
      chat: { content: "ok", usage: { prompt_tokens: 1000, completion_tokens: 500 } },
    });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const chunks = await collect(
      client.chat({
        model: "fake-chat",
        promptMessages: [{ role: "user", content: "hi" }],
        pricing: { input: "0.5", output: "1.5", unit: "0.001", currency: "EUR" },
      }),
    );
    expect(chunks.at(-1)?.delta.usage).toMatchObject({
      prompt_price: "0.5000000",
      completion_price: "0.7500000",
      total_price: "1.2500000",
      currency: "EUR",
    });
  });

  it("a stream cut mid-answer throws a connection error after the chunks that arrived", async () => {
    server = await startFakeOpenAI({ chat: { content: ["a", "b", "c", "d"], disconnectAfter: 3 } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of client.chat({
        model: "m",
        promptMessages: [{ role: "user", content: "x" }],
      })) {
        seen.push(String(chunk.delta.message.content));
      }
    })().catch((error: unknown) => error);
    expect(InvokeConnectionError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ name: "InvokeConnectionError", code: "DIFY_ERR_MODEL_CONNECTION" });
    expect(seen).toEqual(["a", "b"]);
  });

  it("refuses a video part with a bad-request error before sending anything", async () => {
    server = await startFakeOpenAI();
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const failure = await collect(
      client.chat({
        model: "m",
        promptMessages: [
          { role: "user", content: [{ type: "video", url: "https://x.test/v.mp4", mime_type: "video/mp4" }] },
        ],
      }),
    ).catch((error: unknown) => error);
    expect(InvokeBadRequestError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ name: "InvokeBadRequestError" });
    expect(server.requests).toHaveLength(0);
  });
});
