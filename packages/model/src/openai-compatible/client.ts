import { randomBytes } from "node:crypto";
import type { EmbeddingResult, LLMResultChunk, ModelPricing, RerankResult } from "@x/protocol";
import { InvokeServerUnavailableError } from "../provider/index.js";
import { type ChatCompatibility, type ChatParams, chatChunks } from "./chat.js";
import { type CallOptions, HttpCore, type OpenAICompatibleConnection } from "./http.js";
import { embeddingUsage, estimateTokens } from "./usage.js";

/** Options of {@link OpenAICompatibleClient}: where the server is, and how it differs from OpenAI. */
export interface OpenAICompatibleClientOptions extends OpenAICompatibleConnection, ChatCompatibility {
  /** Path of the rerank endpoint (Jina/Cohere style `{query, documents, top_n}`; default `/rerank`). */
  rerankPath?: string | undefined;
  /** Most texts per `/embeddings` request; more are sent in several requests (default 64). */
  embeddingBatchSize?: number | undefined;
}

/** One `/embeddings` call. */
export interface EmbedParams {
  /** Model id on the server. */
  model: string;
  /** Texts to embed. */
  texts: readonly string[];
  /** Vector size, for models that can shorten theirs (`dimensions`). */
  dimensions?: number | undefined;
  /** Extra body fields (`input_type` for servers that take it, ...). */
  extra?: Record<string, unknown> | undefined;
  /** The model's prices, for `usage`. */
  pricing?: ModelPricing | undefined;
  /** The `model` written on the result (default: `model`). */
  resultModel?: string | undefined;
}

/** One rerank call. */
export interface RerankParamsIn {
  /** Model id on the server. */
  model: string;
  /** The query. */
  query: string;
  /** Candidate documents. */
  docs: readonly string[];
  /** Drop documents scoring below this (`0`: keep all). */
  scoreThreshold?: number | undefined;
  /** Keep at most this many (`0` or absent: all). */
  topN?: number | undefined;
  /** The `model` written on the result (default: `model`). */
  resultModel?: string | undefined;
}

/** One `/audio/speech` call. */
export interface SpeechParams {
  /** Model id on the server. */
  model: string;
  /** Text to speak. */
  input: string;
  /** Voice id. */
  voice: string;
  /** `mp3` (default), `wav`, `opus`, `aac`, `flac`, `pcm`. */
  format?: string | undefined;
}

/** Audio as it arrives from `/audio/speech`. */
export interface SpeechStream {
  /** MIME type from the server's `content-type` (e.g. `audio/mpeg`). */
  mimeType: string;
  /** The audio bytes, piece by piece, read only as fast as they are consumed. */
  audio: AsyncIterable<Uint8Array>;
}

/** One `/audio/transcriptions` call. */
export interface TranscribeParams {
  /** Model id on the server. */
  model: string;
  /** The audio file's bytes. */
  file: Uint8Array;
  /** File name sent with the bytes (its extension tells servers the format; default `audio.mp3`). */
  filename?: string | undefined;
  /** MIME type of the file (default `application/octet-stream`). */
  mimeType?: string | undefined;
  /** Extra text fields (`language`, `prompt`, ...). */
  fields?: Record<string, string> | undefined;
}

/** One `/moderations` call's verdict. */
export interface ModerationVerdict {
  /** True when the server flagged the text. */
  flagged: boolean;
  /** Flagged categories, when the server names them. */
  categories: string[];
}

/**
 * A client for any OpenAI-compatible server (OpenAI, Azure-style gateways, vLLM, Ollama, LiteLLM, LocalAI...), over
 * undici, answering in Dify's result shapes: chat as `LLMResultChunk`s, embeddings with usage, rerank, TTS audio
 * pieces, transcription and moderation. Failures are Dify's invoke errors (`InvokeRateLimitError`, ...).
 */
export class OpenAICompatibleClient {
  readonly #http: HttpCore;
  readonly #options: OpenAICompatibleClientOptions;

  constructor(options: OpenAICompatibleClientOptions) {
    this.#http = new HttpCore(options);
    this.#options = options;
  }

  /**
   * A chat completion as Dify `LLMResultChunk`s: one per text delta as it streams (reasoning in `<think>` tags),
   * then a last chunk with the assembled tool calls, the complete `usage` and `finish_reason` (§4.7). With
   * `stream: false`, one chunk with everything. A stream cut before its end throws a `connection` error.
   */
  chat(params: ChatParams, options: CallOptions = {}): AsyncGenerator<LLMResultChunk> {
    return chatChunks(this.#http, params, this.#options, options);
  }

  /** Embeds texts (in batches), in order, with usage (the server's token count, else an estimate). */
  async embed(params: EmbedParams, options: CallOptions = {}): Promise<EmbeddingResult> {
    const started = performance.now();
    const size = Math.max(1, this.#options.embeddingBatchSize ?? 64);
    const embeddings: number[][] = [];
    let tokens = 0;
    for (let offset = 0; offset < params.texts.length; offset += size) {
      const input = params.texts.slice(offset, offset + size);
      const body: Record<string, unknown> = {
        ...params.extra,
        model: params.model,
        input,
        encoding_format: "float",
      };
      if (params.dimensions !== undefined) body.dimensions = params.dimensions;
      const answer = (await this.#json("/embeddings", { json: body }, options)) as {
        data?: Array<{ index?: number; embedding?: unknown }>;
        usage?: { prompt_tokens?: number; total_tokens?: number };
      };
      const data = [...(answer.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      if (data.length !== input.length || data.some((item) => !isVector(item.embedding))) {
        throw new InvokeServerUnavailableError(
          `/embeddings answered ${data.length} vectors for ${input.length} texts`,
        );
      }
      for (const item of data) embeddings.push(item.embedding as number[]);
      tokens +=
        answer.usage?.prompt_tokens ??
        answer.usage?.total_tokens ??
        input.reduce((n, text) => n + estimateTokens(text), 0);
    }
    return {
      model: params.resultModel ?? params.model,
      embeddings,
      usage: embeddingUsage({ tokens, latencyMs: performance.now() - started, pricing: params.pricing }),
    };
  }

  /**
   * Ranks documents with the server's rerank endpoint (`POST /rerank`, Jina/Cohere style). `text` is always the
   * document sent (non-null, as the daemon requires); results are sorted by score, filtered by `scoreThreshold`,
   * cut to `topN`.
   */
  async rerank(params: RerankParamsIn, options: CallOptions = {}): Promise<RerankResult> {
    const model = params.resultModel ?? params.model;
    if (params.docs.length === 0) return { model, docs: [] };
    const topN = params.topN && params.topN > 0 ? params.topN : params.docs.length;
    const answer = (await this.#json(
      this.#options.rerankPath ?? "/rerank",
      {
        json: {
          model: params.model,
          query: params.query,
          documents: params.docs,
          top_n: topN,
          return_documents: false,
        },
      },
      options,
    )) as {
      results?: Array<{ index?: unknown; relevance_score?: unknown; score?: unknown }>;
      data?: unknown;
    };
    const results = Array.isArray(answer.results)
      ? answer.results
      : Array.isArray(answer.data)
        ? (answer.data as typeof answer.results & object)
        : undefined;
    if (!results) throw new InvokeServerUnavailableError("the rerank answer has no `results`");
    const threshold = params.scoreThreshold ?? 0;
    const docs = results
      .map((result) => {
        const index = Number(result.index);
        const score = Number(result.relevance_score ?? result.score);
        if (!Number.isInteger(index) || index < 0 || index >= params.docs.length || !Number.isFinite(score)) {
          throw new InvokeServerUnavailableError(
            "the rerank answer has a result without a valid index and score",
          );
        }
        return { index, text: params.docs[index] as string, score };
      })
      .filter((doc) => doc.score >= threshold)
      .sort((a, b) => b.score - a.score)
      .slice(0, topN);
    return { model, docs };
  }

  /** Speaks a text: the audio pieces as the server sends them (`POST /audio/speech`). */
  async speech(params: SpeechParams, options: CallOptions = {}): Promise<SpeechStream> {
    const format = params.format ?? "mp3";
    const response = await this.#http.send(
      "/audio/speech",
      {
        json: { model: params.model, input: params.input, voice: params.voice, response_format: format },
        accept: "audio/*",
      },
      options,
    );
    const type = response.headers["content-type"];
    const mimeType = (Array.isArray(type) ? type[0] : type)?.split(";")[0]?.trim() || mimeOfFormat(format);
    return { mimeType, audio: response.body };
  }

  /** Transcribes audio (`POST /audio/transcriptions`, multipart). */
  async transcribe(params: TranscribeParams, options: CallOptions = {}): Promise<string> {
    const form = multipart(
      { ...params.fields, model: params.model, response_format: "json" },
      {
        name: "file",
        filename: params.filename ?? "audio.mp3",
        type: params.mimeType ?? "application/octet-stream",
        bytes: params.file,
      },
    );
    const answer = (await this.#json(
      "/audio/transcriptions",
      { body: form.body, contentType: form.contentType },
      options,
    )) as {
      text?: unknown;
    };
    if (typeof answer.text !== "string") {
      throw new InvokeServerUnavailableError("/audio/transcriptions answered without `text`");
    }
    return answer.text;
  }

  /** Checks a text with `POST /moderations`. */
  async moderate(
    params: { model: string; text: string },
    options: CallOptions = {},
  ): Promise<ModerationVerdict> {
    const answer = (await this.#json(
      "/moderations",
      { json: { model: params.model, input: params.text } },
      options,
    )) as {
      results?: Array<{ flagged?: unknown; categories?: Record<string, unknown> }>;
    };
    const result = answer.results?.[0];
    if (!result || typeof result.flagged !== "boolean") {
      throw new InvokeServerUnavailableError("/moderations answered without `results[0].flagged`");
    }
    const categories = Object.entries(result.categories ?? {})
      .filter(([, hit]) => hit === true)
      .map(([name]) => name);
    return { flagged: result.flagged, categories };
  }

  /** The model ids `GET /models` lists (a cheap credentials check on servers that have it). */
  async listModels(options: CallOptions = {}): Promise<string[]> {
    const answer = (await this.#json("/models", { method: "GET" }, options)) as {
      data?: Array<{ id?: unknown }>;
    };
    return (answer.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === "string");
  }

  /** Masks the API key in a text (for messages that quote server answers). */
  mask(text: string): string {
    return this.#http.mask(text);
  }

  async #json(path: string, init: Parameters<HttpCore["send"]>[1], options: CallOptions): Promise<unknown> {
    const response = await this.#http.send(path, init, options);
    try {
      return await response.body.json();
    } catch (error) {
      throw this.#http.bodyError(error, path);
    }
  }
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === "number");
}

const MIME_OF_FORMAT: Record<string, string> = {
  mp3: "audio/mpeg",
  wav: "audio/wav",
  opus: "audio/opus",
  aac: "audio/aac",
  flac: "audio/flac",
  pcm: "audio/pcm",
};

function mimeOfFormat(format: string): string {
  return MIME_OF_FORMAT[format] ?? `audio/${format}`;
}

// `multipart/form-data` by hand (RFC 7578), for the same reason as `@x/core`'s `encodeFileField`: undici only
// serialises its own `FormData` class.
function multipart(
  fields: Record<string, string>,
  file: { name: string; filename: string; type: string; bytes: Uint8Array },
): { body: Buffer; contentType: string } {
  const boundary = `----dify-plugin-${randomBytes(12).toString("hex")}`;
  const quote = (value: string) => value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.name)}"; filename="${quote(file.filename)}"\r\n` +
        `Content-Type: ${file.type.replace(/[\r\n]/g, "")}\r\n\r\n`,
    ),
    Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
