import { createServer } from "node:net";
import { type FakeOpenAIServer, startFakeOpenAI } from "@x/testing";
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import {
  InvokeAuthorizationError,
  InvokeBadRequestError,
  InvokeConnectionError,
  InvokeError,
  InvokeRateLimitError,
  InvokeServerUnavailableError,
} from "../../src/index.js";
import { OpenAICompatibleClient } from "../../src/openai-compatible/index.js";

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SECRET = "sk-live-0123456789abcdef";
const ask = { model: "m", promptMessages: [{ role: "user" as const, content: "hi" }] };

async function failureOf(run: () => Promise<unknown>): Promise<InvokeError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!InvokeError.isInstance(error)) throw new Error(`expected an InvokeError, got ${String(error)}`);
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
    [401, InvokeAuthorizationError, "DIFY_ERR_MODEL_AUTHORIZATION"],
    [403, InvokeAuthorizationError, "DIFY_ERR_MODEL_AUTHORIZATION"],
    [429, InvokeRateLimitError, "DIFY_ERR_MODEL_RATE_LIMIT"],
    [500, InvokeServerUnavailableError, "DIFY_ERR_MODEL_SERVER_UNAVAILABLE"],
    [503, InvokeServerUnavailableError, "DIFY_ERR_MODEL_SERVER_UNAVAILABLE"],
    [400, InvokeBadRequestError, "DIFY_ERR_MODEL_BAD_REQUEST"],
    [404, InvokeBadRequestError, "DIFY_ERR_MODEL_BAD_REQUEST"],
  ])("HTTP %i → %o", async (status, errorClass, code) => {
    server = await startFakeOpenAI();
    server.fault({ status, body: { error: { message: `boom ${status}`, code: "some_code" } } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    const error = await failureOf(() => drain(client.chat(ask)));
    expect(errorClass.isInstance(error)).toBe(true);
    // `name` is the `error_type` Dify matches on (the Python SDK's class names).
    expect(error).toMatchObject({ name: errorClass.name, status, code });
    expect(error.message).toBe(`/chat/completions answered HTTP ${status} (some_code): boom ${status}`);
  });

  it("a wrong key is an authorization error that never shows the key, even when the server echoes it", async () => {
    server = await startFakeOpenAI();
    server.fault({ status: 401, body: { error: { message: `Incorrect API key provided: ${SECRET}.` } } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: SECRET });
    const error = await failureOf(() => client.embed({ model: "e", texts: ["a"] }));
    expect(InvokeAuthorizationError.isInstance(error)).toBe(true);
    expect(error.message).toBe("/embeddings answered HTTP 401: Incorrect API key provided: ***.");
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(SECRET);
    const real = await failureOf(() => client.listModels());
    expect(real).toMatchObject({
      name: "InvokeAuthorizationError",
      message: "/models answered HTTP 401 (invalid_api_key): Incorrect API key provided.",
    });
  });

  it("a 429 says how long the server asked to wait", async () => {
    server = await startFakeOpenAI();
    server.fault({ status: 429, headers: { "retry-after": "7" } });
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    expect(await failureOf(() => client.moderate({ model: "m", text: "x" }))).toMatchObject({
      name: "InvokeRateLimitError",
      message: "/moderations answered HTTP 429 (rate_limit_error): fake failure 429 (retry after 7 s)",
    });
  });

  it("connection refused is a connection error naming the origin, not the key", async () => {
    const port = await deadPort();
    const client = new OpenAICompatibleClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: SECRET });
    const error = await failureOf(() => drain(client.chat(ask)));
    expect(InvokeConnectionError.isInstance(error)).toBe(true);
    expect(error.name).toBe("InvokeConnectionError");
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain(SECRET);
  });

  it("a connection reset before the answer is a connection error", async () => {
    server = await startFakeOpenAI();
    server.fault({ disconnect: true }, "/embeddings");
    const client = new OpenAICompatibleClient({ baseUrl: server.url, apiKey: "sk-test" });
    expect((await failureOf(() => client.embed({ model: "e", texts: ["a"] }))).name).toBe(
      "InvokeConnectionError",
    );
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
      name: "InvokeRateLimitError",
      message: "/chat/completions failed mid-stream: quota",
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
    expect((await failureOf(() => client.listModels())).name).toBe("InvokeServerUnavailableError");
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
    expect(InvokeError.isInstance(error)).toBe(false);
    expect((error as Error).name).toBe("AbortError");
  });

  it("a base URL that is not http(s) is refused up front", () => {
    expect(() => new OpenAICompatibleClient({ baseUrl: "ftp://x" })).toThrow(/must be http\(s\)/);
    expect(() => new OpenAICompatibleClient({ baseUrl: "not a url" })).toThrow(/not a URL/);
  });
});
