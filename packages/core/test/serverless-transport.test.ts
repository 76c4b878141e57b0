import { createServer, type IncomingMessage, type Server } from "node:http";
import {
  ConnectionClosedError,
  InvocationError,
  PayloadTooLargeError,
  Plugin,
  type PluginHandle,
  runPlugin,
  SessionNotFoundError,
  silentLogger,
} from "@x/core";
import { MockAgent, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { requestFrame } from "./support/fake-tcp-daemon.js";

let handle: PluginHandle | undefined;
let daemon: Server | undefined;

afterEach(async () => {
  await handle?.close();
  handle = undefined;
  if (daemon) await new Promise<void>((resolve) => daemon!.close(() => resolve()));
  daemon = undefined;
});

async function start(
  plugin: Plugin,
  options: { daemonUrl?: string; dispatcher?: MockAgent; requestIdleTimeout?: number } = {},
) {
  handle = await runPlugin(plugin, {
    cwd: false,
    env: {},
    overrides: {
      installMethod: "serverless",
      serverlessHost: "127.0.0.1",
      serverlessPort: 0,
      daemonUrl: options.daemonUrl ?? "http://127.0.0.1:9",
      ...(options.requestIdleTimeout === undefined ? {} : { requestIdleTimeout: options.requestIdleTimeout }),
    },
    logger: silentLogger,
    ...(options.dispatcher ? { serverless: { dispatcher: options.dispatcher } } : {}),
  });
  const { port } = (handle.transport as unknown as { address(): { port: number } }).address();
  return `http://127.0.0.1:${port}`;
}

/** POSTs one request frame to /invoke and returns the frames of the streamed response. */
async function invoke(base: string, frame: object): Promise<{ status: number; frames: any[]; text: string }> {
  const response = await request(`${base}/invoke?action=invoke_tool`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(frame),
  });
  const text = await response.body.text();
  const frames =
    response.statusCode === 200
      ? text
          .split("\n")
          .filter((line) => line.trim() !== "")
          .map((line) => JSON.parse(line))
      : [];
  return { status: response.statusCode, frames, text };
}

/** A loopback HTTP server playing the daemon's /backwards-invocation/transaction endpoint. */
async function transactionDaemon(
  answer: (frame: any, req: IncomingMessage, write: (text: string) => void) => Promise<void> | void,
): Promise<string> {
  daemon = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      if (req.url !== "/backwards-invocation/transaction" || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const frame = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "text/event-stream" });
      await answer(frame, req, (text) => res.write(text));
      res.end();
    });
  });
  await new Promise<void>((resolve) => daemon!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(daemon.address() as { port: number }).port}`;
}

function backwards(frame: any, event: "response" | "end" | "error", data: unknown = null, message = "") {
  return `${JSON.stringify({
    session_id: frame.session_id,
    conversation_id: null,
    message_id: null,
    app_id: null,
    endpoint_id: null,
    context: null,
    event: "backwards_response",
    data: { backwards_request_id: frame.data.data.backwards_request_id, event, message, data },
  })}\n\n`;
}

describe("serverless HTTP runtime", () => {
  it("answers GET /health with 200 OK", async () => {
    const base = await start(new Plugin());
    const response = await request(`${base}/health`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe("OK");
  });

  it("streams a session's frames as the /invoke response, one per line, ending after end", async () => {
    const plugin = new Plugin().on("tool", "invoke_tool", function* () {
      yield { n: 1 };
      yield { n: 2 };
    });
    const base = await start(plugin);
    const { status, frames } = await invoke(
      base,
      requestFrame("s1", { type: "tool", action: "invoke_tool" }),
    );
    expect(status).toBe(200);
    expect(frames.map((frame) => frame.data.type)).toEqual(["stream", "stream", "end"]);
    expect(frames.map((frame) => frame.session_id)).toEqual(["s1", "s1", "s1"]);
    expect(frames[1].data.data).toEqual({ n: 2 });
  });

  it("sends reverse calls to the transaction endpoint, skipping keep-alive lines, and never in the response", async () => {
    const seen: Array<{ frame: any; header: string | string[] | undefined }> = [];
    const daemonUrl = await transactionDaemon(async (frame, req, write) => {
      seen.push({ frame, header: req.headers["dify-plugin-session-id"] });
      write("\n\n");
      write(backwards(frame, "response", { chunk: "a" }, "stream"));
      write("\n\n");
      write(backwards(frame, "response", { chunk: "b" }, "stream"));
      write(backwards(frame, "end"));
    });
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      const items = await session.invoke("llm", { prompt: "hi" }).toArray();
      return { items };
    });
    const base = await start(plugin, { daemonUrl });
    const { frames } = await invoke(base, requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    expect(frames.map((frame) => frame.data.type)).toEqual(["stream", "end"]);
    expect(frames[0].data.data).toEqual({ items: [{ chunk: "a" }, { chunk: "b" }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.header).toBe("s1");
    expect(seen[0]!.frame).toMatchObject({
      event: "session",
      session_id: "s1",
      data: { type: "invoke", data: { type: "llm", request: { prompt: "hi" } } },
    });
  });

  it("serves concurrent sessions each with their own reverse calls", async () => {
    const daemonUrl = await transactionDaemon((frame, _req, write) => {
      write(backwards(frame, "response", { echo: frame.data.data.request.n }, "struct"));
      write(backwards(frame, "end"));
    });
    const plugin = new Plugin().on("tool", "invoke_tool", async (session, data) => {
      const first = await session.invoke("tool", { n: (data as any).n }).first();
      return first;
    });
    const base = await start(plugin, { daemonUrl });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        invoke(base, requestFrame(`s${n}`, { type: "tool", action: "invoke_tool", n })),
      ),
    );
    results.forEach((result, n) => {
      expect(result.frames[0].data.data).toEqual({ echo: n });
    });
  });

  it("turns HTTP 400 SessionNotFound into SessionNotFoundError for that call", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get("http://daemon.test")
      .intercept({ path: "/backwards-invocation/transaction", method: "POST" })
      .reply(
        400,
        JSON.stringify({
          backwards_request_id: "",
          event: "error",
          message: "failed to get session info from cache",
          data: { error_type: "SessionNotFound", detail: "not found", session_id: "s1" },
        }),
      );
    let caught: unknown;
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      try {
        await session.invoke("tool", {}).toArray();
      } catch (error) {
        caught = error;
        throw error;
      }
    });
    const base = await start(plugin, { daemonUrl: "http://daemon.test", dispatcher: agent });
    const { frames } = await invoke(base, requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    expect(SessionNotFoundError.isInstance(caught)).toBe(true);
    expect((caught as SessionNotFoundError).sessionId).toBe("s1");
    expect(frames.map((frame) => frame.data.type)).toEqual(["error", "end"]);
    expect(frames[0].data.data.error_type).toBe("SessionNotFoundError");
    await agent.close();
  });

  it("turns other HTTP errors into InvocationError with the status", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get("http://daemon.test")
      .intercept({ path: "/backwards-invocation/transaction", method: "POST" })
      .reply(500, "failed to parse request");
    let caught: unknown;
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      caught = await session
        .invoke("tool", {})
        .toArray()
        .catch((error: unknown) => error);
    });
    const base = await start(plugin, { daemonUrl: "http://daemon.test", dispatcher: agent });
    await invoke(base, requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    expect(InvocationError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain("HTTP 500");
    await agent.close();
  });

  it("refuses a reverse-call body over 6 MiB with PayloadTooLargeError and sends nothing", async () => {
    const agent = new MockAgent({ enableCallHistory: true });
    agent.disableNetConnect();
    let caught: unknown;
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      caught = await session
        .invoke("storage", { opt: "set", key: "k", value: "x".repeat(6 * 1024 * 1024) })
        .toArray()
        .catch((error: unknown) => error);
    });
    const base = await start(plugin, { daemonUrl: "http://daemon.test", dispatcher: agent });
    await invoke(base, requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    expect(PayloadTooLargeError.isInstance(caught)).toBe(true);
    expect((caught as PayloadTooLargeError).limit).toBe(6 * 1024 * 1024);
    expect(agent.getCallHistory()!.calls()).toHaveLength(0);
    await agent.close();
  });

  it("rejects bodies that are not one request frame with 400, and unknown paths with 404", async () => {
    const base = await start(new Plugin());
    const bad = await request(`${base}/invoke`, { method: "POST", body: "{not json" });
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.text()).toMatch(/invalid JSON/);
    const noSession = await request(`${base}/invoke`, {
      method: "POST",
      body: JSON.stringify({ event: "request", data: {} }),
    });
    expect(noSession.statusCode).toBe(400);
    await noSession.body.text();
    const missing = await request(`${base}/nope`);
    expect(missing.statusCode).toBe(404);
    await missing.body.text();
  });

  it("fails a reverse call with ConnectionClosedError when the daemon's stream ends before end", async () => {
    const daemonUrl = await transactionDaemon((frame, _req, write) => {
      write(backwards(frame, "response", { partial: true }, "stream"));
    });
    let caught: unknown;
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      caught = await session
        .invoke("tool", {})
        .toArray()
        .catch((error: unknown) => error);
    });
    const base = await start(plugin, { daemonUrl });
    await invoke(base, requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    expect(ConnectionClosedError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/before its end event/);
  });

  it("ends a silent session's response with an error and end after MAX_REQUEST_TIMEOUT", async () => {
    const plugin = new Plugin().on("tool", "invoke_tool", () => new Promise(() => undefined));
    const base = await start(plugin, { requestIdleTimeout: 50 });
    const { frames } = await invoke(base, requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    expect(frames.map((frame) => frame.data.type)).toEqual(["error", "end"]);
    expect(frames[0].data.data.error_type).toBe("RequestTimeoutError");
  });

  it("releases a session's still-streaming reverse call when the session ends", async () => {
    let released = false;
    const daemonUrl = await transactionDaemon(
      (frame, req, write) =>
        new Promise<void>((resolve) => {
          write(backwards(frame, "response", { first: true }, "stream"));
          // Never ends on its own: only the plugin closing the request frees it.
          req.socket.once("close", () => {
            released = true;
            resolve();
          });
        }),
    );
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) =>
      session.invoke("tool", {}).first(),
    );
    const base = await start(plugin, { daemonUrl });
    const { frames } = await invoke(base, requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    expect(frames[0].data.data).toEqual({ first: true });
    await expect.poll(() => released).toBe(true);
  });

  it("cancels a session whose /invoke client disconnects: its signal fires and its reverse calls are released", async () => {
    let transactionOpen = false;
    let released = false;
    const daemonUrl = await transactionDaemon(
      (_frame, req) =>
        new Promise<void>((resolve) => {
          transactionOpen = true;
          req.socket.once("close", () => {
            released = true;
            resolve();
          });
        }),
    );
    let reason: unknown;
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      session.signal.addEventListener("abort", () => {
        reason = session.signal.reason;
      });
      return session.invoke("tool", {}).first();
    });
    const base = await start(plugin, { daemonUrl });
    const client = new AbortController();
    const response = request(`${base}/invoke`, {
      method: "POST",
      body: JSON.stringify(requestFrame("gone", { type: "tool", action: "invoke_tool" })),
      signal: client.signal,
    });
    (await response).body.on("error", () => undefined);
    await expect.poll(() => transactionOpen).toBe(true);
    client.abort();
    await expect.poll(() => reason !== undefined).toBe(true);
    expect(ConnectionClosedError.isInstance(reason)).toBe(true);
    await expect.poll(() => released).toBe(true);
    expect(handle!.runtime.stats()).toMatchObject({ sessions: 0, inFlight: 0 });
  });

  it("refuses a retry of a session id that already ran (the daemon retries 502 with the same id)", async () => {
    const plugin = new Plugin().on("tool", "invoke_tool", () => ({ ran: true }));
    const base = await start(plugin);
    const frame = requestFrame("once", { type: "tool", action: "invoke_tool" });
    const first = await invoke(base, frame);
    expect(first.frames.map((f) => f.data.type)).toEqual(["stream", "end"]);
    const retry = await invoke(base, frame);
    expect(retry.status).toBe(409);
    expect(retry.text).toContain("session once has already run");
  });

  it("releases the HTTP request of one aborted reverse call at once, while its session goes on", async () => {
    let released = false;
    const daemonUrl = await transactionDaemon(
      (_frame, req) =>
        new Promise<void>((resolve) => {
          req.socket.once("close", () => {
            released = true;
            resolve();
          });
        }),
    );
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      const controller = new AbortController();
      const call = session.invoke("tool", {}, { signal: controller.signal }).first();
      setTimeout(() => controller.abort(), 50);
      await call.catch(() => undefined);
      // The session is still running here: its one aborted call must already have let go of its request.
      for (let i = 0; i < 500 && !released; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      return { released };
    });
    const base = await start(plugin, { daemonUrl });
    const { frames } = await invoke(base, requestFrame("abort-one", { type: "tool", action: "invoke_tool" }));
    expect(frames[0].data.data).toEqual({ released: true });
  });

  it("answers 413 to an /invoke body over the daemon's own 5 MiB limit", async () => {
    const base = await start(new Plugin());
    const frame = requestFrame("big", {
      type: "tool",
      action: "invoke_tool",
      pad: "x".repeat(5 * 1024 * 1024),
    });
    const { status, text } = await invoke(base, frame);
    expect(status).toBe(413);
    expect(text).toContain("5242880");
  });
});
