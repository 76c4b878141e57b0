import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { rawHttpRequestLikeDaemon } from "@x/testing";
import { afterEach, expect, it } from "vitest";
import { type SampleProcess, startSample } from "./child-process.js";
import { classifiedAs, MODEL } from "./support.js";

// Serverless mode: the same src/main.ts, started with INSTALL_METHOD=serverless, serves POST /invoke over HTTP and
// sends its reverse calls to the daemon's /backwards-invocation/transaction endpoint, played here by a loopback
// HTTP server.

type InvokeFrame = {
  session_id: string;
  data: { data: { type: string; backwards_request_id: string; request: Record<string, unknown> } };
};

const ANSWERS: Record<string, unknown[]> = {
  node_question_classifier: [classifiedAs("bug")],
  node_parameter_extractor: [
    { inputs: {}, outputs: { product: "web app", severity: "medium", __is_success: 1 }, process_data: {} },
  ],
  tool: [{ type: "text", message: { text: "KB-9 clearing the cache helps" }, meta: null }],
  app: [
    { event: "message", answer: "Clear", conversation_id: "c", message_id: "m" },
    { event: "message", answer: " the cache", conversation_id: "c", message_id: "m" },
  ],
};

let daemon: Server | undefined;
let sample: SampleProcess | undefined;

afterEach(async () => {
  if (sample && sample.child.exitCode === null) sample.child.kill("SIGKILL");
  await new Promise((resolve) => (daemon ? daemon.close(resolve) : resolve(undefined)));
  daemon = undefined;
  sample = undefined;
});

async function transactionDaemon(
  seen: Array<{ sessionHeader: unknown; frame: InvokeFrame }>,
): Promise<string> {
  daemon = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.url !== "/backwards-invocation/transaction" || req.method !== "POST") {
        res.writeHead(404).end();
        return;
      }
      const frame = JSON.parse(Buffer.concat(chunks).toString("utf8")) as InvokeFrame;
      seen.push({ sessionHeader: req.headers["dify-plugin-session-id"], frame });
      const call = frame.data.data;
      const line = (event: string, data: unknown, message: string) =>
        `${JSON.stringify({
          session_id: frame.session_id,
          event: "backwards_response",
          data: { backwards_request_id: call.backwards_request_id, event, message, data },
        })}\n\n`;
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const data of ANSWERS[call.type] ?? [])
        res.write(line("response", data, call.type === "tool" ? "stream" : "struct"));
      res.end(line("end", null, ""));
    });
  });
  await new Promise<void>((resolve) => daemon?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(daemon.address() as AddressInfo).port}`;
}

it("serves triage over HTTP as a serverless plugin, with reverse calls as HTTP transactions", async () => {
  const seen: Array<{ sessionHeader: unknown; frame: InvokeFrame }> = [];
  const daemonUrl = await transactionDaemon(seen);
  sample = startSample({
    INSTALL_METHOD: "serverless",
    SERVERLESS_HOST: "127.0.0.1",
    SERVERLESS_PORT: "0",
    DIFY_PLUGIN_DAEMON_URL: daemonUrl,
  });
  const [, base] = await sample.waitForStderr(/listening on (http:\/\/\S+)/);

  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);

  const response = await fetch(`${base}/invoke`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      session_id: "serverless-session-1",
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: null,
      context: {},
      event: "request",
      data: {
        type: "tool",
        action: "invoke_tool",
        user_id: "u1",
        provider: "support_triage",
        tool: "triage",
        tool_parameters: {
          message: "The web app is slow",
          model: MODEL,
          lookup_provider: "acme/kb/kb",
          lookup_tool: "search",
        },
        credentials: {},
      },
    }),
  });
  expect(response.status).toBe(200);
  const frames = (await response.text())
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(
      (line) =>
        JSON.parse(line) as {
          data: { type: string; data: { type: string; message: Record<string, unknown> } };
        },
    );
  expect(frames.map((frame) => frame.data.type)).toEqual(["stream", "stream", "stream", "end"]);
  const messages = frames.slice(0, 3).map((frame) => frame.data.data);
  expect(messages.map((message) => message.type)).toEqual(["variable", "json", "text"]);
  expect(messages[1]?.message.json_object).toEqual({
    category: "bug",
    class_id: "bug",
    extracted: true,
    fields: { product: "web app", severity: "medium" },
    reason: null,
    lookup: ["KB-9 clearing the cache helps"],
  });

  expect(seen.map((call) => call.frame.data.data.type)).toEqual([
    "node_question_classifier",
    "node_parameter_extractor",
    "tool",
  ]);
  expect(seen.every((call) => call.sessionHeader === "serverless-session-1")).toBe(true);

  sample.child.kill("SIGTERM");
  expect(await sample.exited).toBe(0);
});

/** POSTs one `invoke_endpoint` request frame for `request` to the plugin's /invoke; returns the reply frames. */
async function invokeEndpoint(base: string, sessionId: string, request: Request) {
  const raw = await rawHttpRequestLikeDaemon(request, { hookId: "hook-1" });
  const response = await fetch(`${base}/invoke`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      session_id: sessionId,
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: "endpoint-1",
      context: {},
      event: "request",
      data: {
        type: "endpoint",
        action: "invoke_endpoint",
        user_id: "",
        raw_http_request: Buffer.from(raw).toString("hex"),
        settings: { model: MODEL, app: { app_id: "app-1" } },
      },
    }),
  });
  expect(response.status).toBe(200);
  return (await response.text())
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { data: { type: string; data: Record<string, unknown> } });
}

it("serves both endpoints over HTTP as a serverless plugin", async () => {
  const seen: Array<{ sessionHeader: unknown; frame: InvokeFrame }> = [];
  const daemonUrl = await transactionDaemon(seen);
  sample = startSample({
    INSTALL_METHOD: "serverless",
    SERVERLESS_HOST: "127.0.0.1",
    SERVERLESS_PORT: "0",
    DIFY_PLUGIN_DAEMON_URL: daemonUrl,
  });
  const [, base] = await sample.waitForStderr(/listening on (http:\/\/\S+)/);

  const triage = await invokeEndpoint(
    base!,
    "serverless-endpoint-1",
    new Request("https://dify.example/triage", {
      method: "POST",
      body: JSON.stringify({ message: "slow app" }),
    }),
  );
  expect(triage.map((frame) => frame.data.type)).toEqual(["stream", "end"]);
  const item = triage[0]?.data.data as { status: number; headers: Record<string, string>; result: string };
  expect(item.status).toBe(200);
  expect(item.headers["content-type"]).toMatch(/^application\/json/);
  expect(JSON.parse(Buffer.from(item.result, "hex").toString("utf8"))).toMatchObject({
    category: "bug",
    fields: { product: "web app", severity: "medium" },
    lookup: [],
  });

  const ask = await invokeEndpoint(
    base!,
    "serverless-endpoint-2",
    new Request("https://dify.example/ask", { method: "POST", body: JSON.stringify({ query: "slow?" }) }),
  );
  expect(ask.at(-1)?.data.type).toBe("end");
  const items = ask.slice(0, -1).map((frame) => frame.data.data as { status?: number; result: string });
  expect(items[0]?.status).toBe(200);
  expect(items.map((i) => Buffer.from(i.result, "hex").toString("utf8")).join("")).toBe(
    'data: {"answer":"Clear"}\n\ndata: {"answer":" the cache"}\n\n',
  );
  expect(seen.map((call) => call.frame.data.data.type)).toEqual([
    "node_question_classifier",
    "node_parameter_extractor",
    "app",
  ]);

  sample.child.kill("SIGTERM");
  expect(await sample.exited).toBe(0);
});
