import { createServer } from "node:net";
import { type FakeOpenAIServer, startFakeOpenAI } from "@x/testing";
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { OpenAICompatibleClient, OpenAICompatibleError } from "../../src/openai-compatible/index.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SECRET = "sk-live-0123456789abcdef";
const ask = { model: "m", promptMessages: [{ role: "user" as const, content: "hi" }] };

async function failureOf(run: () => Promise<unknown>): Promise<OpenAICompatibleError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!OpenAICompatibleError.isInstance(error))
    throw new Error(`expected an OpenAICompatibleError, got ${String(error)}`);
  return error;
}

async function drain(items: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of items);
}

// A port nothing listens on: bind one, note it, close it.
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("HTTP failures become Dify's invoke error kinds", () => {
  it.each([
    [401, "authorization", "InvokeAuthorizationError"],
    [403, "authorization", "InvokeAuthorizationError"],
    [429, "rate_limit", "InvokeRateLimitError"],
    [500, "server_unavailable", "InvokeServerUnavailableError"],
    [503, "server_unavailable", "InvokeServerUnavailableError"],
    [400, "bad_request", "InvokeBadRequestError"],
    [404, "bad_request", "InvokeBadRequestError"],
  ])("HTTP %i → %s (%s)", async (status, kind, name) => {
    server = await startFakeOpenAI();
    server.fault({ status, body: { error: { message: `boom ${status}`, code: "some_code" } } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const error = await failureOf(() => drain(client.chat(ask)));
    expect(error).toMatchObject({
      kind,
      name,
      status,
      serverCode: "some_code",
      code: "DIFY_ERR_MODEL_INVOKE",
    });
    expect(error.message).toBe(`/chat/completions answered HTTP ${status}: boom ${status}`);
  });

  it("a wrong key is an authorization error that never shows the key, even when the server echoes it", async () => {
    server = await startFakeOpenAI();
    server.fault({ status: 401, body: { error: { message: `Incorrect API key provided: ${SECRET}.` } } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: SECRET });
    const error = await failureOf(() => client.embed({ model: "e", texts: ["a"] }));
    expect(error.kind).toBe("authorization");
    expect(error.message).toBe("/embeddings answered HTTP 401: Incorrect API key provided: ***.");
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(SECRET);
    const real = await failureOf(() => client.listModels());
    expect(real).toMatchObject({
      kind: "authorization",
      message: "/models answered HTTP 401: Incorrect API key provided.",
    });
  });

  it("a 429 carries the server's retry-after in milliseconds", async () => {
    server = await startFakeOpenAI();
    server.fault({ status: 429, headers: { "retry-after": "7" } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    expect(await failureOf(() => client.moderate({ model: "m", text: "x" }))).toMatchObject({
      kind: "rate_limit",
      retryAfterMs: 7000,
    });
  });

  it("connection refused is a connection error naming the origin, not the key", async () => {
    const port = await deadPort();
    const client = new OpenAICompatibleClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: SECRET });
    const error = await failureOf(() => drain(client.chat(ask)));
    expect(error.kind).toBe("connection");
    expect(error.name).toBe("InvokeConnectionError");
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain(SECRET);
  });

  it("a connection reset before the answer is a connection error", async () => {
    server = await startFakeOpenAI();
    server.fault({ disconnect: true }, "/embeddings");
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    expect((await failureOf(() => client.embed({ model: "e", texts: ["a"] }))).kind).toBe("connection");
  });

  it("an error event inside the stream ends it with the kind it names", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get("https://gw.test")
      .intercept({ path: "/v1/chat/completions", method: "POST" })
      .reply(
        200,
        'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\ndata: {"error":{"message":"quota","code":"rate_limit_exceeded"}}\n\n',
        {
          headers: { "content-type": "text/event-stream" },
        },
      );
    const client = new OpenAICompatibleClient({
      baseUrl: "https://gw.test/v1",
      apiKey: "k",
      dispatcher: agent,
    });
    expect(await failureOf(() => drain(client.chat(ask)))).toMatchObject({
      kind: "rate_limit",
      serverCode: "rate_limit_exceeded",
    });
    await agent.close();
  });

  it("a 200 answer that is not JSON is a server-unavailable error", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get("https://gw.test")
      .intercept({ path: "/v1/models", method: "GET" })
      .reply(200, "<html>gateway</html>");
    const client = new OpenAICompatibleClient({ baseUrl: "https://gw.test/v1", dispatcher: agent });
    expect((await failureOf(() => client.listModels())).kind).toBe("server_unavailable");
    await agent.close();
  });

  it("an injected dispatcher carries every request, with the configured headers", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let seen: Record<string, string> = {};
    agent
      .get("https://gw.test")
      .intercept({ path: "/v1/models", method: "GET" })
      .reply(200, (options) => {
        seen = options.headers as Record<string, string>;
        return { data: [{ id: "x" }] };
      });
    const client = new OpenAICompatibleClient({
      baseUrl: "https://gw.test/v1/",
      apiKey: "k-1",
      headers: { "x-gateway": "eu" },
      dispatcher: agent,
    });
    expect(await client.listModels()).toEqual(["x"]);
    expect(seen).toMatchObject({ authorization: "Bearer k-1", "x-gateway": "eu" });
    await agent.close();
  });

  it("an aborted call rejects with the abort, not an invoke error", async () => {
    server = await startFakeOpenAI();
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const controller = new AbortController();
    controller.abort();
    const error = await client.listModels({ signal: controller.signal }).catch((caught: unknown) => caught);
    expect(OpenAICompatibleError.isInstance(error)).toBe(false);
    expect((error as Error).name).toBe("AbortError");
  });

  it("a base URL that is not http(s) is refused up front", () => {
    expect(() => new OpenAICompatibleClient({ baseUrl: "ftp://x" })).toThrow(/must be http\(s\)/);
    expect(() => new OpenAICompatibleClient({ baseUrl: "not a url" })).toThrow(/not a URL/);
  });
});
