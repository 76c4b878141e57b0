import { afterEach, describe, expect, it } from "vitest";
import { type FakeOpenAIServer, startFakeOpenAI } from "../src/index.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const auth = { authorization: "Bearer sk-test", "content-type": "application/json" };

async function post(path: string, body: unknown, headers: Record<string, string> = auth): Promise<Response> {
  return fetch(`${server?.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

function sseEvents(text: string): unknown[] {
  return text
    .split("\n\n")
    .filter((event) => event.startsWith("data: "))
    .map((event) => event.slice(6))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}

describe("fake OpenAI-compatible server", () => {
  it("streams a chat answer as real SSE: role, text pieces, tool-call deltas, finish, usage, [DONE]", async () => {
    server = await startFakeOpenAI({
      chat: { content: ["Hi", "!"], toolCalls: [{ id: "c1", name: "f", arguments: '{"a":1}' }] },
    });
    const response = await post("/chat/completions", {
      model: "m",
      messages: [{ role: "user", content: "hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = sseEvents(await response.text()) as Array<{
      choices?: Array<{ delta: any; finish_reason: unknown }>;
      usage?: unknown;
    }>;
    expect(events.at(-1)).toBe("[DONE]");
    const deltas = events.slice(0, -1).flatMap((event) => event.choices ?? []);
    expect(deltas.map((choice) => choice.delta.content ?? null).filter((text) => text)).toEqual(["Hi", "!"]);
    const args = deltas
      .flatMap((choice) => choice.delta.tool_calls ?? [])
      .map((call: any) => call.function.arguments);
    expect(args.join("")).toBe('{"a":1}');
    expect(args.length).toBeGreaterThan(2);
    expect(deltas.at(-1)?.finish_reason).toBe("tool_calls");
    expect(events.at(-2)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
  });

  it("answers a blocking chat with the echo of the last user message by default", async () => {
    server = await startFakeOpenAI();
    const answer = (await (
      await post("/chat/completions", { model: "m", messages: [{ role: "user", content: "ping" }] })
    ).json()) as any;
    expect(answer.choices[0].message).toEqual({ role: "assistant", content: "You said: ping" });
  });

  it("answers 401 to a wrong key and records every request with its headers and body", async () => {
    server = await startFakeOpenAI({ apiKey: "right" });
    const response = await post(
      "/embeddings",
      { model: "e", input: ["x"] },
      { ...auth, authorization: "Bearer wrong" },
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error.code).toBe("invalid_api_key");
    expect(server.requests).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/embeddings",
        body: { model: "e", input: ["x"] },
        bodyBytes: 27,
      }),
    ]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer wrong");
  });

  it("plays queued faults once each, in order, optionally for one path only", async () => {
    server = await startFakeOpenAI();
    server.fault({ status: 429, headers: { "retry-after": "2" } }, "/moderations").fault({ status: 503 });
    const first = await post("/embeddings", { model: "e", input: ["x"] });
    expect(first.status).toBe(503);
    const second = await post("/moderations", { input: "x" });
    expect([second.status, second.headers.get("retry-after")]).toEqual([429, "2"]);
    expect((await post("/moderations", { input: "x" })).status).toBe(200);
  });

  it("serves speech as streamed bytes of the configured size", async () => {
    server = await startFakeOpenAI({ speechBytes: 10_000 });
    const response = await post("/audio/speech", {
      model: "t",
      input: "hi",
      voice: "alloy",
      response_format: "wav",
    });
    expect(response.headers.get("content-type")).toBe("audio/wav");
    expect((await response.arrayBuffer()).byteLength).toBe(10_000);
  });

  it("answers 404 for a route it does not serve, and for rerank when switched off", async () => {
    server = await startFakeOpenAI({ rerank: false });
    expect((await post("/rerank", { query: "q", documents: ["d"] })).status).toBe(404);
    expect((await post("/images/generations", { prompt: "x" })).status).toBe(404);
  });

  it("answers a text completion (POST /completions) from the chat option, streamed and blocking", async () => {
    server = await startFakeOpenAI({ chat: { content: ["Once", " more"] } });
    expect((await post("/completions", { prompt: 1 })).status).toBe(400);
    const blocking = (await (await post("/completions", { model: "base", prompt: "Go" })).json()) as {
      choices: Array<{ text: string; finish_reason: string }>;
      usage: { total_tokens: number };
    };
    expect(blocking.choices[0]).toMatchObject({ text: "Once more", finish_reason: "stop" });
    expect(blocking.usage.total_tokens).toBeGreaterThan(0);
    const streamed = await post("/completions", {
      model: "base",
      prompt: "Go",
      stream: true,
      stream_options: { include_usage: true },
    });
    const all = sseEvents(await streamed.text());
    expect(all.at(-1)).toBe("[DONE]");
    const events = all.slice(0, -1) as Array<{
      choices: Array<{ text: string; finish_reason: string | null }>;
      usage?: unknown;
    }>;
    expect(events.flatMap((event) => event.choices.map((choice) => choice.text)).join("")).toBe("Once more");
    expect(events.at(-1)?.usage).toMatchObject({ prompt_tokens: 1 });
  });
});
