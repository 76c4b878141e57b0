import type {
  InboundPromptContentSchema,
  InboundPromptMessageSchema,
  LLMResultChunk,
  ModelPricing,
  PromptTool,
  ToolCall,
  ToolChoice,
} from "@x/protocol";
import type { z } from "zod";
import {
  InvokeAuthorizationError,
  InvokeBadRequestError,
  InvokeConnectionError,
  InvokeRateLimitError,
  InvokeServerUnavailableError,
} from "../provider/index.js";
import type { CallOptions, HttpCore } from "./http.js";
import { sseData } from "./sse.js";
import { estimateTokens, llmUsage } from "./usage.js";

/** A prompt message as the daemon forwards it in `invoke_llm` (§2.3), or as a caller writes one. */
export type ChatMessage = z.input<typeof InboundPromptMessageSchema>;

type ChatContentPart = z.input<typeof InboundPromptContentSchema>;

/** One chat completion, in Dify's terms (what `invoke_llm` carries). */
export interface ChatParams {
  /** Model id on the server. */
  model: string;
  /** The conversation. */
  promptMessages: readonly ChatMessage[];
  /** Dify's model parameters (`temperature`, `max_tokens`, `response_format`, `json_schema`, ...). */
  modelParameters?: Record<string, unknown> | undefined;
  /** Tools the model may call. */
  tools?: readonly PromptTool[] | null | undefined;
  /** How the model picks tools (`{mode: auto|none|required|tool, name?}`). */
  toolChoice?: ToolChoice | null | undefined;
  /** Stop sequences. */
  stop?: readonly string[] | null | undefined;
  /** JSON schema the answer must follow (structured output), sent as `response_format: json_schema`. */
  jsonSchema?: Record<string, unknown> | null | undefined;
  /** `false` for one blocking answer (default `true`: streamed). */
  stream?: boolean | undefined;
  /** End-user id, forwarded as `user`. */
  user?: string | undefined;
  /** The model's prices, for the usage on the last chunk. */
  pricing?: ModelPricing | undefined;
  /** The `model` written on each chunk (default: `model`). */
  resultModel?: string | undefined;
  /**
   * `completion` for a model Dify runs in completion mode (`model_properties.mode`): `POST /completions` with the
   * prompt as text (see {@link completionPrompt}), no tools, no `response_format`. Default `chat`.
   */
  mode?: "chat" | "completion" | undefined;
}

/** Switches for servers that differ from OpenAI. */
export interface ChatCompatibility {
  /** Send `stream_options: {include_usage: true}` so the server reports usage when streaming (default true). */
  streamUsage?: boolean | undefined;
  /** Wrap reasoning (`reasoning_content` / `reasoning` deltas) in `<think>` tags in the content (default true). */
  thinkTags?: boolean | undefined;
}

/**
 * Dify's model parameters mapped to a chat completion body (`response_format` / `json_schema` made objects), or
 * to a text completion body in `completion` mode.
 */
export function chatRequestBody(
  params: ChatParams,
  compatibility: ChatCompatibility = {},
): Record<string, unknown> {
  const { response_format, json_schema, ...rest } = params.modelParameters ?? {};
  if (params.mode === "completion") {
    const body: Record<string, unknown> = {
      ...rest,
      model: params.model,
      prompt: completionPrompt(params.promptMessages),
    };
    return finishBody(body, params, compatibility);
  }
  const body: Record<string, unknown> = {
    ...rest,
    model: params.model,
    messages: params.promptMessages.map(toOpenAIMessage),
  };
  const schema = params.jsonSchema ?? parseSchema(json_schema);
  if (schema) body.response_format = { type: "json_schema", json_schema: namedSchema(schema) };
  else if (response_format === "json_object" || response_format === "text")
    body.response_format = { type: response_format };
  else if (typeof response_format === "object" && response_format !== null)
    body.response_format = response_format;
  if (params.tools && params.tools.length > 0) {
    body.tools = params.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        description: tool.description ?? "",
        parameters: tool.parameters ?? { type: "object", properties: {} },
      },
    }));
    const choice = params.toolChoice;
    if (choice?.mode === "tool" && choice.name)
      body.tool_choice = { type: "function", function: { name: choice.name } };
    else if (choice && choice.mode !== "tool") body.tool_choice = choice.mode;
  }
  return finishBody(body, params, compatibility);
}

/** The fields chat and text completion bodies share: stop sequences, user, streaming. */
function finishBody(
  body: Record<string, unknown>,
  params: ChatParams,
  compatibility: ChatCompatibility,
): Record<string, unknown> {
  if (params.stop && params.stop.length > 0) body.stop = [...params.stop];
  if (params.user) body.user = params.user;
  const stream = params.stream !== false;
  body.stream = stream;
  if (stream && compatibility.streamUsage !== false) body.stream_options = { include_usage: true };
  return body;
}

function parseSchema(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "object" && value !== null) return value as Record<string, unknown>;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    throw new InvokeBadRequestError("model parameter json_schema is not valid JSON");
  }
}

// OpenAI wants `{name, schema, strict?}`; Dify users often paste only the schema itself.
function namedSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.name === "string" && typeof schema.schema === "object") return schema;
  return { name: "response", schema, strict: false };
}

/**
 * The prompt of a text completion: what Dify sends a completion-mode model is one user message (the app's
 * rendered prompt), sent as its text; several messages are joined by blank lines, text parts only.
 */
export function completionPrompt(messages: readonly ChatMessage[]): string {
  return messages
    .map((message) => textOf(message.content))
    .filter((text) => text !== "")
    .join("\n\n");
}

/** A Dify prompt message as an OpenAI chat message (text, `image_url`, `input_audio` and `file` parts). */
export function toOpenAIMessage(message: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: message.role };
  if (message.name) out.name = message.name;
  switch (message.role) {
    case "assistant": {
      const text = textOf(message.content);
      const calls = message.tool_calls ?? [];
      out.content = text === "" && calls.length > 0 ? null : text;
      if (calls.length > 0) {
        out.tool_calls = calls.map((call) => ({
          id: call.id,
          type: "function",
          function: {
            name: call.function.name,
            arguments:
              typeof call.function.arguments === "string"
                ? call.function.arguments
                : JSON.stringify(call.function.arguments),
          },
        }));
      }
      return out;
    }
    case "tool":
      out.content = textOf(message.content);
      out.tool_call_id = message.tool_call_id ?? "";
      return out;
    default:
      out.content =
        typeof message.content === "string" || message.content == null
          ? (message.content ?? "")
          : message.content.map(toOpenAIPart);
      return out;
  }
}

function textOf(content: ChatMessage["content"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content
    .filter((part) => part.type === "text")
    .map((part) => part.data ?? "")
    .join("");
}

function dataUrl(part: ChatContentPart): string {
  if (part.url) return part.url;
  return `data:${part.mime_type ?? "application/octet-stream"};base64,${part.base64_data ?? ""}`;
}

function toOpenAIPart(part: ChatContentPart): Record<string, unknown> {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.data ?? "" };
    case "image":
      return { type: "image_url", image_url: { url: dataUrl(part), detail: part.detail || "low" } };
    case "audio":
      return {
        type: "input_audio",
        input_audio: {
          data: part.base64_data ?? "",
          format: part.format || part.mime_type?.split("/")[1] || "mp3",
        },
      };
    case "document":
      return { type: "file", file: { file_data: dataUrl(part), filename: part.filename || "document" } };
    default:
      throw new InvokeBadRequestError(
        `a ${part.type} content part cannot be sent to an OpenAI-compatible chat API (text, image, audio, document)`,
      );
  }
}

interface Draft {
  id: string;
  type: string;
  name: string;
  arguments: string;
}

/** Streams one chat completion as Dify `LLMResultChunk`s (see {@link OpenAICompatibleClient.chat}). */
export async function* chatChunks(
  http: HttpCore,
  params: ChatParams,
  compatibility: ChatCompatibility,
  options: CallOptions,
): AsyncGenerator<LLMResultChunk> {
  const started = performance.now();
  const completion = params.mode === "completion";
  const path = completion ? "/completions" : "/chat/completions";
  const body = chatRequestBody(params, compatibility);
  const model = params.resultModel ?? params.model;
  const think = compatibility.thinkTags !== false;
  const promptEstimate = () =>
    estimateTokens(JSON.stringify(body.messages ?? body.prompt)) +
    (body.tools ? estimateTokens(JSON.stringify(body.tools)) : 0);
  const response = await http.send(
    path,
    { json: body, accept: params.stream === false ? "application/json" : "text/event-stream" },
    options,
  );

  if (params.stream === false) {
    const answer = (await response.body
      .json()
      .catch((error: unknown) => Promise.reject(http.bodyError(error, path)))) as Record<string, unknown>;
    const choice = (answer.choices as Array<Record<string, unknown>> | undefined)?.[0];
    const message = (choice?.message ?? {}) as Record<string, unknown>;
    const reasoning = stringOf(message.reasoning_content) || stringOf(message.reasoning);
    const text = completion ? stringOf(choice?.text) : stringOf(message.content);
    const content = reasoning && think ? `<think>\n${reasoning}\n</think>${text}` : text;
    const calls = (Array.isArray(message.tool_calls) ? message.tool_calls : []).map((call, index) =>
      toolCallOf(call, index),
    );
    const usage = answer.usage as { prompt_tokens?: number; completion_tokens?: number } | undefined;
    yield {
      model,
      ...(typeof answer.system_fingerprint === "string"
        ? { system_fingerprint: answer.system_fingerprint }
        : {}),
      delta: {
        index: 0,
        message: { role: "assistant", content, tool_calls: calls },
        usage: llmUsage({
          promptTokens: usage?.prompt_tokens ?? promptEstimate(),
          completionTokens: usage?.completion_tokens ?? estimateTokens(content + JSON.stringify(calls)),
          latencyMs: performance.now() - started,
          pricing: params.pricing,
        }),
        finish_reason: stringOf(choice?.finish_reason) || "stop",
      },
    };
    return;
  }

  let index = 0;
  let fingerprint: string | undefined;
  let reasoningOpen = false;
  let finishReason: string | undefined;
  let serverUsage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
  let completionText = "";
  let done = false;
  const drafts = new Map<number, Draft>();
  const chunk = (
    content: string,
    extra: Partial<LLMResultChunk["delta"]> = {},
    calls: ToolCall[] = [],
  ): LLMResultChunk => ({
    model,
    ...(fingerprint ? { system_fingerprint: fingerprint } : {}),
    delta: { index: index++, message: { role: "assistant", content, tool_calls: calls }, ...extra },
  });

  for await (const data of sseData(response.body)) {
    if (data.trim() === "[DONE]") {
      done = true;
      break;
    }
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(data) as Record<string, unknown>;
    } catch {
      throw new InvokeServerUnavailableError(`${path} streamed an event that is not JSON`);
    }
    if (typeof event.error === "object" && event.error !== null) {
      const error = event.error as { message?: unknown; code?: unknown; type?: unknown };
      const code = stringOf(error.code) || stringOf(error.type);
      const message = http.mask(
        `${path} failed mid-stream: ${stringOf(error.message) || code || "unknown error"}`,
      );
      if (/rate|quota|429/i.test(code)) throw new InvokeRateLimitError(message);
      if (/auth|key|401|403/i.test(code)) throw new InvokeAuthorizationError(message);
      throw new InvokeServerUnavailableError(message);
    }
    if (typeof event.system_fingerprint === "string") fingerprint = event.system_fingerprint;
    if (typeof event.usage === "object" && event.usage !== null)
      serverUsage = event.usage as typeof serverUsage;
    const choice = (event.choices as Array<Record<string, unknown>> | undefined)?.[0];
    if (!choice) continue;
    if (typeof choice.finish_reason === "string" && choice.finish_reason) finishReason = choice.finish_reason;
    const delta = (choice.delta ?? {}) as Record<string, unknown>;
    let text = "";
    const reasoning = stringOf(delta.reasoning_content) || stringOf(delta.reasoning);
    if (reasoning && think) {
      text += reasoningOpen ? reasoning : `<think>\n${reasoning}`;
      reasoningOpen = true;
    }
    // A text completion streams `choices[0].text`; a chat completion `choices[0].delta.content`.
    const content = completion ? stringOf(choice.text) : stringOf(delta.content);
    if (content) {
      if (reasoningOpen) {
        text += "\n</think>";
        reasoningOpen = false;
      }
      text += content;
    }
    if (Array.isArray(delta.tool_calls)) mergeToolCalls(drafts, delta.tool_calls);
    if (text) {
      completionText += text;
      yield chunk(text);
    }
  }
  if (!done && finishReason === undefined) {
    throw new InvokeConnectionError(`${path}: the stream ended before the answer finished`);
  }
  const calls = [...drafts.values()].map((draft) => ({
    id: draft.id,
    type: draft.type,
    function: { name: draft.name, arguments: draft.arguments },
  }));
  const closing = reasoningOpen ? "\n</think>" : "";
  yield chunk(
    closing,
    {
      usage: llmUsage({
        promptTokens: serverUsage?.prompt_tokens ?? promptEstimate(),
        completionTokens:
          serverUsage?.completion_tokens ?? estimateTokens(completionText + JSON.stringify(calls)),
        latencyMs: performance.now() - started,
        pricing: params.pricing,
      }),
      finish_reason: finishReason ?? "stop",
    },
    calls,
  );
}

let generatedIds = 0;

// Tool-call deltas: the first names the call (`index`, `id`, `function.name`), later ones append to `arguments`.
function mergeToolCalls(drafts: Map<number, Draft>, deltas: unknown[]): void {
  for (const raw of deltas) {
    const delta = raw as {
      index?: unknown;
      id?: unknown;
      type?: unknown;
      function?: { name?: unknown; arguments?: unknown };
    };
    const id = stringOf(delta.id);
    let key = typeof delta.index === "number" ? delta.index : undefined;
    if (key === undefined && id) key = [...drafts.entries()].find(([, draft]) => draft.id === id)?.[0];
    key ??= id || drafts.size === 0 ? drafts.size : drafts.size - 1;
    let draft = drafts.get(key);
    if (!draft) {
      draft = {
        id: id || `call_${Date.now().toString(36)}_${++generatedIds}`,
        type: "function",
        name: "",
        arguments: "",
      };
      drafts.set(key, draft);
    }
    if (id) draft.id = id;
    if (typeof delta.type === "string" && delta.type) draft.type = delta.type;
    const name = stringOf(delta.function?.name);
    if (name) draft.name = name;
    const args = delta.function?.arguments;
    if (typeof args === "string") draft.arguments += args;
    else if (typeof args === "object" && args !== null) draft.arguments += JSON.stringify(args);
  }
}

function toolCallOf(raw: unknown, index: number): ToolCall {
  const drafts = new Map<number, Draft>();
  mergeToolCalls(drafts, [{ ...(raw as object), index }]);
  const draft = drafts.get(index) as Draft;
  return { id: draft.id, type: draft.type, function: { name: draft.name, arguments: draft.arguments } };
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}
