import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseMultipart } from "./multipart.js";

/** One tool call the fake model makes: `arguments` is streamed in a few fragments. */
export interface FakeToolCall {
  /** Call id (default `call_<n>`). */
  id?: string;
  /** Name of the tool called. */
  name: string;
  /** JSON text (or an object, serialised) of the call's arguments. */
  arguments: string | Record<string, unknown>;
}

/** What the fake model answers to one chat completion. */
export interface FakeChatReply {
  /** Answer text; an array gives the streamed pieces one by one (default: echo of the last user message). */
  content?: string | string[];
  /** Reasoning text, sent as `delta.reasoning_content` before the answer (DeepSeek, vLLM, ...). */
  reasoning?: string | string[];
  /** Tool calls the model makes. */
  toolCalls?: FakeToolCall[];
  /** Usage to report; `null` reports none (some servers do not). Default: word counts. */
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  /** `finish_reason` of the last chunk (default `tool_calls` with tool calls, else `stop`). */
  finishReason?: string;
  /** Stream only: close the socket after this many SSE events, without `[DONE]` (a mid-stream disconnect). */
  disconnectAfter?: number;
}

/** A canned HTTP failure for the next matching request. */
export interface FakeFault {
  /** Status to answer (e.g. 429, 500). Ignored with `disconnect`. */
  status?: number;
  /** Body of the failure (default: an OpenAI-style `{error: {message, type, code}}`). */
  body?: unknown;
  /** Extra response headers (e.g. `retry-after`). */
  headers?: Record<string, string>;
  /** Destroy the socket before answering (a connection reset). */
  disconnect?: boolean;
}

/** A request the fake server received. */
export interface FakeOpenAIRequest {
  /** HTTP method. */
  method: string;
  /** Path below the base URL, e.g. `/chat/completions`. */
  path: string;
  /** Request headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, the multipart fields, or `undefined` for no body. */
  body: unknown;
  /** Byte length of the raw body. */
  bodyBytes: number;
}

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** The bearer token the server accepts; any other answers 401 (default: `sk-test`; `null` accepts any). */
  apiKey?: string | null;
  /** Model ids listed by `GET /models` (default `["fake-chat", "fake-embed"]`). */
  models?: string[];
  /**
   * Chat answer: a fixed reply, one per call (array), or a function of the parsed request body. It answers
   * `POST /completions` too (its `content` as the completion text).
   */
  chat?: FakeChatReply | FakeChatReply[] | ((body: Record<string, unknown>) => FakeChatReply);
  /** Embedding dimensions (default 8). */
  dimensions?: number;
  /** Bytes of audio `POST /audio/speech` returns (default 64 KiB). */
  speechBytes?: number;
  /** Size of each audio write (default 4 KiB). */
  speechChunkBytes?: number;
  /**
   * Speech: after the first piece, wait for this before sending the rest (tests that audio is relayed as it
   * arrives rather than after the whole answer).
   */
  speechGate?: Promise<void>;
  /** Words that make `POST /moderations` flag a text (default `["kill"]`). */
  flaggedWords?: string[];
  /** Serve `POST /rerank` (default true). */
  rerank?: boolean;
}

const PATH_PREFIX = "/v1";

/**
 * A loopback OpenAI-compatible HTTP server for tests: real SSE streaming with tool-call and reasoning deltas,
 * embeddings, Jina/Cohere-style rerank, audio speech and transcription (multipart), moderation, `GET /models`,
 * bearer-key checks (401), canned faults (429, 500, resets) and mid-stream disconnects. Every request is recorded.
 */
export class FakeOpenAIServer {
  /** Every request received, in order. */
  readonly requests: FakeOpenAIRequest[] = [];
  readonly #server: Server;
  readonly #options: FakeOpenAIOptions;
  readonly #faults: Array<{ path: string | undefined; fault: FakeFault }> = [];
  #chatCalls = 0;
  #port = 0;

  /** Use {@link startFakeOpenAI}. */
  constructor(options: FakeOpenAIOptions = {}) {
    this.#options = options;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { error: { message: String(error), type: "server_error" } });
        else res.destroy();
      });
    });
  }

  /** Base URL to configure a client with, e.g. `http://127.0.0.1:43123/v1`. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}${PATH_PREFIX}`;
  }

  /** The requests to one path (e.g. `/chat/completions`). */
  requestsTo(path: string): FakeOpenAIRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Queues a failure for the next request (to `path` when given); faults are used once, in order. */
  fault(fault: FakeFault, path?: string): this {
    this.#faults.push({ path, fault });
    return this;
  }

  /** Starts listening on 127.0.0.1 (a free port). */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname.startsWith(PATH_PREFIX) ? url.pathname.slice(PATH_PREFIX.length) : url.pathname;
    const contentType = String(req.headers["content-type"] ?? "");
    let body: unknown;
    if (raw.length > 0 && contentType.startsWith("multipart/form-data"))
      body = parseMultipart(raw, contentType);
    else if (raw.length > 0) body = parseJson(raw);
    this.requests.push({
      method: req.method ?? "GET",
      path,
      headers: { ...req.headers },
      body,
      bodyBytes: raw.length,
    });

    const faultIndex = this.#faults.findIndex((entry) => entry.path === undefined || entry.path === path);
    if (faultIndex >= 0) {
      const fault = this.#faults.splice(faultIndex, 1)[0]?.fault ?? {};
      if (fault.disconnect) {
        req.socket.destroy();
        return;
      }
      const status = fault.status ?? 500;
      const errorBody = fault.body ?? {
        error: {
          message: `fake failure ${status}`,
          type: status === 429 ? "rate_limit_error" : "server_error",
        },
      };
      send(res, status, errorBody, fault.headers);
      return;
    }

    const expected = this.#options.apiKey === undefined ? "sk-test" : this.#options.apiKey;
    if (expected !== null && req.headers.authorization !== `Bearer ${expected}`) {
      send(res, 401, {
        error: {
          message: "Incorrect API key provided.",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      });
      return;
    }
    if (body === INVALID_JSON) {
      send(res, 400, {
        error: { message: "We could not parse the JSON body.", type: "invalid_request_error" },
      });
      return;
    }

    const route = `${req.method} ${path}`;
    const json = (body ?? {}) as Record<string, unknown>;
    switch (route) {
      case "GET /models":
        send(res, 200, {
          object: "list",
          data: (this.#options.models ?? ["fake-chat", "fake-embed"]).map((id) => ({ id, object: "model" })),
        });
        return;
      case "POST /chat/completions":
        await this.#chat(json, res);
        return;
      case "POST /completions":
        await this.#completion(json, res);
        return;
      case "POST /embeddings":
        this.#embeddings(json, res);
        return;
      case "POST /rerank":
        if (this.#options.rerank === false) break;
        this.#rerank(json, res);
        return;
      case "POST /audio/speech":
        await this.#speech(json, res);
        return;
      case "POST /audio/transcriptions":
        this.#transcription(json, res);
        return;
      case "POST /moderations":
        this.#moderation(json, res);
        return;
    }
    send(res, 404, { error: { message: `Unknown route ${route}`, type: "invalid_request_error" } });
  }

  #chatReply(body: Record<string, unknown>): FakeChatReply {
    const option = this.#options.chat;
    const call = this.#chatCalls++;
    if (typeof option === "function") return option(body);
    if (Array.isArray(option)) return option[Math.min(call, option.length - 1)] ?? {};
    return option ?? {};
  }

  async #chat(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (typeof body.model !== "string" || !Array.isArray(body.messages)) {
      send(res, 400, {
        error: { message: "`model` and `messages` are required", type: "invalid_request_error" },
      });
      return;
    }
    const reply = this.#chatReply(body);
    const model = body.model;
    const pieces = toPieces(reply.content ?? `You said: ${lastUserText(body.messages)}`);
    const reasoning = reply.reasoning === undefined ? [] : toPieces(reply.reasoning);
    const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_${index + 1}`,
      name: call.name,
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
    }));
    const fullUsage = usageOf(
      reply,
      countWords(JSON.stringify(body.messages)),
      countWords(pieces.join("")) + toolCalls.length,
    );
    const finish = reply.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop");
    const id = `chatcmpl-${this.#chatCalls}`;
    const created = 1_700_000_000;

    if (body.stream !== true) {
      send(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        system_fingerprint: "fp_fake",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: toolCalls.length > 0 && reply.content === undefined ? null : pieces.join(""),
              ...(reasoning.length > 0 ? { reasoning_content: reasoning.join("") } : {}),
              ...(toolCalls.length > 0
                ? {
                    tool_calls: toolCalls.map((call) => ({
                      id: call.id,
                      type: "function",
                      function: { name: call.name, arguments: call.arguments },
                    })),
                  }
                : {}),
            },
            finish_reason: finish,
          },
        ],
        ...(fullUsage ? { usage: fullUsage } : {}),
      });
      return;
    }

    const events: unknown[] = [];
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: "fp_fake",
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    events.push(chunk({ role: "assistant", content: "" }));
    for (const piece of reasoning) events.push(chunk({ reasoning_content: piece }));
    const textPieces = toolCalls.length > 0 && reply.content === undefined ? [] : pieces;
    for (const piece of textPieces) events.push(chunk({ content: piece }));
    toolCalls.forEach((call, index) => {
      events.push(
        chunk({
          tool_calls: [
            { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
          ],
        }),
      );
      for (const fragment of splitInThree(call.arguments)) {
        events.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
      }
    });
    events.push(chunk({}, finish));
    if (fullUsage && includesUsage(body))
      events.push({ id, object: "chat.completion.chunk", created, model, choices: [], usage: fullUsage });

    await streamEvents(res, events, reply.disconnectAfter);
  }

  /**
   * `POST /completions` (a text completion, for completion-mode models): the same `chat` option answers it, its
   * `content` as `choices[0].text` (default: an echo of the prompt); tool calls and reasoning do not apply.
   */
  async #completion(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (typeof body.model !== "string" || typeof body.prompt !== "string") {
      send(res, 400, {
        error: { message: "`model` and a string `prompt` are required", type: "invalid_request_error" },
      });
      return;
    }
    const reply = this.#chatReply(body);
    const model = body.model;
    const pieces = toPieces(reply.content ?? `You wrote: ${body.prompt}`);
    const fullUsage = usageOf(reply, countWords(body.prompt), countWords(pieces.join("")));
    const finish = reply.finishReason ?? "stop";
    const id = `cmpl-${this.#chatCalls}`;
    const created = 1_700_000_000;
    if (body.stream !== true) {
      send(res, 200, {
        id,
        object: "text_completion",
        created,
        model,
        choices: [{ index: 0, text: pieces.join(""), logprobs: null, finish_reason: finish }],
        ...(fullUsage ? { usage: fullUsage } : {}),
      });
      return;
    }
    const chunk = (text: string, finishReason: string | null = null) => ({
      id,
      object: "text_completion",
      created,
      model,
      choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }],
    });
    const events: unknown[] = pieces.map((piece) => chunk(piece));
    events.push(chunk("", finish));
    if (fullUsage && includesUsage(body))
      events.push({ id, object: "text_completion", created, model, choices: [], usage: fullUsage });
    await streamEvents(res, events, reply.disconnectAfter);
  }

  #embeddings(body: Record<string, unknown>, res: ServerResponse): void {
    const input = typeof body.input === "string" ? [body.input] : body.input;
    if (
      typeof body.model !== "string" ||
      !Array.isArray(input) ||
      input.some((text) => typeof text !== "string")
    ) {
      send(res, 400, {
        error: { message: "`model` and `input` (strings) are required", type: "invalid_request_error" },
      });
      return;
    }
    const dimensions =
      typeof body.dimensions === "number" ? body.dimensions : (this.#options.dimensions ?? 8);
    const tokens = (input as string[]).reduce((sum, text) => sum + countWords(text), 0);
    send(res, 200, {
      object: "list",
      model: body.model,
      data: (input as string[]).map((text, index) => ({
        object: "embedding",
        index,
        embedding: fakeVector(text, dimensions),
      })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  #rerank(body: Record<string, unknown>, res: ServerResponse): void {
    const documents = body.documents;
    if (typeof body.query !== "string" || !Array.isArray(documents)) {
      send(res, 400, {
        error: { message: "`query` and `documents` are required", type: "invalid_request_error" },
      });
      return;
    }
    const query = new Set(words(body.query));
    const results = documents
      .map((doc, index) => {
        const text = typeof doc === "string" ? doc : String((doc as { text?: unknown }).text ?? "");
        const docWords = words(text);
        const hits = docWords.filter((word) => query.has(word)).length;
        return { index, relevance_score: hits / Math.max(1, docWords.length), document: { text } };
      })
      .sort((a, b) => b.relevance_score - a.relevance_score);
    const topN = typeof body.top_n === "number" ? body.top_n : results.length;
    send(res, 200, {
      model: body.model,
      results: results.slice(0, topN),
      usage: { total_tokens: query.size },
    });
  }

  async #speech(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (typeof body.input !== "string" || typeof body.voice !== "string") {
      send(res, 400, {
        error: { message: "`input` and `voice` are required", type: "invalid_request_error" },
      });
      return;
    }
    const total = this.#options.speechBytes ?? 64 * 1024;
    const size = this.#options.speechChunkBytes ?? 4096;
    const format = typeof body.response_format === "string" ? body.response_format : "mp3";
    res.writeHead(200, { "content-type": format === "mp3" ? "audio/mpeg" : `audio/${format}` });
    for (let offset = 0; offset < total; offset += size) {
      const piece = Buffer.alloc(Math.min(size, total - offset), offset / size);
      if (!res.write(piece)) await drained(res);
      if (offset === 0 && this.#options.speechGate) await this.#options.speechGate;
    }
    res.end();
  }

  #transcription(body: unknown, res: ServerResponse): void {
    const form = body as
      | { fields?: Record<string, string>; files?: Record<string, { bytes: Buffer }> }
      | undefined;
    const file = form?.files?.file;
    if (!form?.fields?.model || !file) {
      send(res, 400, {
        error: { message: "multipart `model` and `file` are required", type: "invalid_request_error" },
      });
      return;
    }
    send(res, 200, { text: `transcript of ${file.bytes.length} bytes` });
  }

  #moderation(body: Record<string, unknown>, res: ServerResponse): void {
    const input = typeof body.input === "string" ? [body.input] : body.input;
    if (!Array.isArray(input)) {
      send(res, 400, { error: { message: "`input` is required", type: "invalid_request_error" } });
      return;
    }
    const flagged = this.#options.flaggedWords ?? ["kill"];
    send(res, 200, {
      id: "modr-fake",
      model: body.model ?? "omni-moderation-latest",
      results: input.map((text) => {
        const hit = flagged.some((word) => String(text).toLowerCase().includes(word));
        return {
          flagged: hit,
          categories: { violence: hit },
          category_scores: { violence: hit ? 0.9 : 0.01 },
        };
      }),
    });
  }
}

/** Starts a {@link FakeOpenAIServer} on 127.0.0.1; `close()` it when done. */
export function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  return new FakeOpenAIServer(options).listen();
}

const INVALID_JSON = Symbol("invalid json");

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return INVALID_JSON;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The usage a reply reports, with `total_tokens`: its own, none (`usage: null`), or the word counts given. */
function usageOf(
  reply: FakeChatReply,
  promptTokens: number,
  completionTokens: number,
): { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined {
  if (reply.usage === null) return undefined;
  const usage = reply.usage ?? { prompt_tokens: promptTokens, completion_tokens: completionTokens };
  return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
}

/** A streamed request asked for usage (`stream_options.include_usage`). */
function includesUsage(body: Record<string, unknown>): boolean {
  return (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
}

/**
 * Answers with `events` as SSE, then `[DONE]`; with `disconnectAfter`, cuts the connection after that many
 * events instead, without ending the body (a mid-stream disconnect).
 */
async function streamEvents(
  res: ServerResponse,
  events: readonly unknown[],
  disconnectAfter: number | undefined,
): Promise<void> {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  let sent = 0;
  for (const event of events) {
    if (disconnectAfter !== undefined && sent >= disconnectAfter) {
      // Let what was written reach the client first, then cut the connection without ending the body.
      await new Promise<void>((resolve) => res.write("", () => resolve()));
      res.socket?.destroy();
      return;
    }
    if (!res.write(`data: ${JSON.stringify(event)}\n\n`)) await drained(res);
    sent++;
  }
  res.end("data: [DONE]\n\n");
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

function toPieces(text: string | string[]): string[] {
  if (Array.isArray(text)) return text;
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function splitInThree(text: string): string[] {
  const third = Math.ceil(text.length / 3);
  if (third === 0) return [];
  return [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)].filter(
    (part) => part !== "",
  );
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown };
    if (message.role !== "user") continue;
    if (typeof message.content === "string") return message.content;
    if (Array.isArray(message.content)) {
      return message.content
        .map((part) =>
          (part as { type?: unknown }).type === "text" ? String((part as { text?: unknown }).text) : "",
        )
        .join("");
    }
  }
  return "";
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function countWords(text: string): number {
  return words(text).length;
}

/** A deterministic unit vector for a text (SHA-256 bytes), so equal texts embed equally. */
function fakeVector(text: string, dimensions: number): number[] {
  const values: number[] = [];
  let block = createHash("sha256").update(text).digest();
  while (values.length < dimensions) {
    for (const byte of block) {
      if (values.length === dimensions) break;
      values.push(byte / 255 - 0.5);
    }
    block = createHash("sha256").update(block).digest();
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}
