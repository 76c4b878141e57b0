import { type Plugin, type Session, ValidationError } from "@x/core";
import { parseInput } from "@x/core/internal";
import {
  CheckPollingRequestSchema,
  type EmbeddingReply,
  GetAIModelSchemasRequestSchema,
  GetLLMNumTokensRequestSchema,
  GetTextEmbeddingNumTokensRequestSchema,
  GetTTSModelVoicesRequestSchema,
  type InboundMultimodalContent,
  InvokeLLMRequestSchema,
  InvokeModerationRequestSchema,
  InvokeMultimodalEmbeddingRequestSchema,
  InvokeMultimodalRerankRequestSchema,
  InvokeRerankRequestSchema,
  InvokeSpeech2TextRequestSchema,
  InvokeTextEmbeddingRequestSchema,
  InvokeTTSRequestSchema,
  type LLMResultChunkReply,
  MODEL_ACCESS_TYPE,
  type ModelAction,
  type ModelDeclaration,
  type ModelPollingResult,
  ModelPollingResultSchema,
  type RequestData,
  type RerankReply,
  StartPollingRequestSchema,
  type TTSReplyChunk,
  type TTSVoice,
  TTSVoicesReplySchema,
  type ValidateCredentialsReply,
  ValidateModelCredentialsRequestSchema,
  ValidateProviderCredentialsRequestSchema,
} from "@x/protocol";

import { declareModel } from "./declarations.js";
import { DECLARED_MODEL_TYPE, type ModelProvider } from "./define-model-provider.js";
import type {
  AnyModelDefinition,
  CredentialsResult,
  EmbeddingResultInput,
  LLMInvokeReturn,
  ModelContext,
  ModelDefinitionInputs,
  ModelKind,
  PollingResultInput,
  RerankResultInput,
  TTSInvokeReturn,
} from "./define-models.js";
import { embeddingUsage, foldChunks, type LLMChunkInput, LLMChunkWriter } from "./replies.js";

// The 16 model routes (§2.3). One registry per Plugin; requests dispatch on `provider`, then on the action's model
// kind (or the request's `model_type`).

const registries = new WeakMap<Plugin, Map<string, ModelProvider>>();

/** Raw audio bytes per TTS item: 1 MiB is 2 MiB of hex, far under the daemon's 5 MiB line (§1.1). */
const TTS_CHUNK_BYTES = 1024 * 1024;

type Handler = (provider: ModelProvider, session: Session, data: RequestData) => unknown;

/** @internal Adds `provider` to `plugin`'s registry, registering the model routes on first use. */
export function registerModelProvider(plugin: Plugin, provider: ModelProvider): void {
  let registry = registries.get(plugin);
  if (!registry) {
    registry = new Map();
    registries.set(plugin, registry);
    const providers = registry;
    for (const [action, handler] of Object.entries(HANDLERS) as Array<[ModelAction, Handler]>) {
      plugin.on(MODEL_ACCESS_TYPE, action, (session, data) => handler(find(providers, data), session, data));
    }
  }
  const existing = registry.get(provider.name);
  if (existing === provider) return;
  if (existing) {
    throw new ValidationError(
      `a model provider named ${provider.name} is already registered on this plugin`,
      {
        field: "provider.name",
      },
    );
  }
  registry.set(provider.name, provider);
}

function find(providers: Map<string, ModelProvider>, data: RequestData): ModelProvider {
  const name = typeof data.provider === "string" ? data.provider : "";
  const found = providers.get(name);
  if (found) return found;
  // Dify may name the provider by its full id (`author/plugin/provider`); the plugin knows the last part.
  const short = providers.get(name.split("/").at(-1) ?? "");
  if (short) return short;
  throw new ValidationError(`this plugin has no model provider named ${JSON.stringify(name)}`, {
    field: "provider",
  });
}

/** The kinds that may answer a request of `modelType` (multimodal kinds share the declared type). */
function kindsOf(modelType: string): ModelKind[] {
  switch (modelType) {
    case "text-embedding":
      return ["text-embedding", "multimodal-embedding"];
    case "multimodal-embedding":
      return ["multimodal-embedding", "text-embedding"];
    case "rerank":
      return ["rerank", "multimodal-rerank"];
    case "multimodal-rerank":
      return ["multimodal-rerank", "rerank"];
    default:
      return [modelType as ModelKind];
  }
}

function definitionOf<K extends ModelKind>(provider: ModelProvider, kind: K): ModelDefinitionInputs[K] {
  const found = provider.byKind.get(kind);
  if (!found) {
    throw new ValidationError(`model provider ${provider.name} defines no ${kind} models`, {
      field: "model_type",
    });
  }
  return found.definition as ModelDefinitionInputs[K];
}

function predefinedOf(provider: ModelProvider, kinds: readonly ModelKind[], model: string) {
  for (const kind of kinds) {
    const found = provider.predefined.get(kind)?.find((declaration) => declaration.model === model);
    if (found) return found;
  }
  return undefined;
}

interface Target {
  provider: string;
  model: string;
  credentials: Record<string, unknown>;
}

function contextOf(
  session: Session,
  request: Target,
  declaration: ModelDeclaration | undefined,
): ModelContext {
  return {
    session,
    signal: session.signal,
    logger: session.logger,
    credentials: request.credentials,
    provider: request.provider,
    model: request.model,
    userId: session.userId,
    declaration,
  };
}

/** The context for a model of `kinds`, with its predefined declaration when there is one. */
function contextFor(provider: ModelProvider, session: Session, kinds: readonly ModelKind[], request: Target) {
  return contextOf(session, request, predefinedOf(provider, kinds, request.model));
}

/** The declaration of `request.model`: predefined, else what the kind's `schema` answers for its credentials. */
async function resolveDeclaration(
  provider: ModelProvider,
  session: Session,
  kinds: readonly ModelKind[],
  request: Target,
): Promise<ModelDeclaration | undefined> {
  const predefined = predefinedOf(provider, kinds, request.model);
  if (predefined) return predefined;
  for (const kind of kinds) {
    const definition = provider.byKind.get(kind);
    if (!definition?.definition.schema) continue;
    const input = await definition.definition.schema(contextOf(session, request, undefined));
    if (input) return declareModel(input, DECLARED_MODEL_TYPE[kind], `${kind}.schema()`);
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}

function isIterableOf(value: unknown): value is AsyncIterable<unknown> | Iterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

async function* piecesOf(result: LLMInvokeReturn): AsyncGenerator<LLMChunkInput, void, undefined> {
  const value: unknown = isThenable(result) ? await result : result;
  if (isIterableOf(value)) {
    for await (const piece of value as AsyncIterable<LLMChunkInput>) yield piece;
  } else if (value !== undefined && value !== null) {
    yield value as LLMChunkInput;
  }
}

/** One chunk holding a whole answer: reasoning folded into a closed `<think>` block, usage always set. */
function wholeAnswer(
  model: string,
  pieces: readonly LLMChunkInput[],
  startedAt: number,
): LLMResultChunkReply {
  const { reasoning, ...folded } = foldChunks(pieces);
  const think = reasoning ? `<think>\n${reasoning}\n</think>` : "";
  const body = folded.content ?? "";
  const content =
    typeof body === "string"
      ? think + body
      : think
        ? [{ type: "text" as const, data: think }, ...body]
        : body;
  const writer = new LLMChunkWriter(model, startedAt);
  const [chunk] = writer.write({ ...folded, content, usage: folded.usage ?? {} });
  return chunk as LLMResultChunkReply;
}

async function* invokeLLM(provider: ModelProvider, session: Session, data: RequestData) {
  const startedAt = Date.now();
  const request = parseInput(InvokeLLMRequestSchema, data, { what: "invoke_llm request" });
  const definition = definitionOf(provider, "llm");
  const result = definition.invoke(request, contextFor(provider, session, ["llm"], request));
  if (!request.stream) {
    // Blocking mode still answers with chunks: one holding the whole answer, like the Python SDK.
    const pieces: LLMChunkInput[] = [];
    for await (const piece of piecesOf(result)) pieces.push(piece);
    yield wholeAnswer(request.model, pieces, startedAt);
    return;
  }
  const writer = new LLMChunkWriter(request.model, startedAt);
  for await (const piece of piecesOf(result)) yield* writer.write(piece);
  const last = writer.finish();
  if (last) yield last;
}

const seconds = (ms: number | undefined) =>
  ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));

function pollingReply(model: string, input: PollingResultInput, startedAt: number): ModelPollingResult {
  if (typeof input !== "object" || input === null) {
    throw new ValidationError("polling must return { status: running | succeeded | failed, ... }");
  }
  let reply: Record<string, unknown>;
  if (input.status === "running") {
    reply = {
      status: "running",
      plugin_state: input.state === undefined ? undefined : { ...input.state },
      next_check_after_seconds: seconds(input.nextCheckAfter),
      expires_after_seconds: seconds(input.expiresAfter),
      max_attempts: input.maxAttempts,
    };
  } else if (input.status === "succeeded") {
    const pieces = Array.isArray(input.result) ? input.result : [input.result as LLMChunkInput];
    const chunk = wholeAnswer(model, pieces, startedAt);
    reply = {
      status: "succeeded",
      result: {
        model,
        message: chunk.delta.message,
        usage: chunk.delta.usage,
        system_fingerprint: chunk.system_fingerprint,
        structured_output: chunk.structured_output,
        prompt_messages: [],
      },
    };
  } else {
    reply = { status: input.status, error: (input as { error?: unknown }).error };
  }
  const defined = Object.fromEntries(Object.entries(reply).filter(([, value]) => value !== undefined));
  return parseInput(ModelPollingResultSchema, defined, { what: "polling result" });
}

async function startPolling(provider: ModelProvider, session: Session, data: RequestData) {
  const startedAt = Date.now();
  const request = parseInput(StartPollingRequestSchema, data, { what: "start_polling request" });
  const polling = definitionOf(provider, "llm").polling;
  if (!polling) throw new ValidationError(`the llm models of ${provider.name} do not support polling`);
  const result = await polling.start(request, contextFor(provider, session, ["llm"], request));
  return pollingReply(request.model, result, startedAt);
}

async function checkPolling(provider: ModelProvider, session: Session, data: RequestData) {
  const startedAt = Date.now();
  const request = parseInput(CheckPollingRequestSchema, data, { what: "check_polling request" });
  const polling = definitionOf(provider, "llm").polling;
  if (!polling) throw new ValidationError(`the llm models of ${provider.name} do not support polling`);
  const result = await polling.check(request, contextFor(provider, session, ["llm"], request));
  return pollingReply(request.model, result, startedAt);
}

function tokenCount(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ValidationError(`${what} must return a non-negative integer token count, got ${String(value)}`);
  }
  return value;
}

async function llmNumTokens(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(GetLLMNumTokensRequestSchema, data, { what: "get_llm_num_tokens request" });
  const count = await definitionOf(provider, "llm").numTokens(
    request,
    contextFor(provider, session, ["llm"], request),
  );
  return { num_tokens: tokenCount(count, "numTokens") };
}

function embeddingReply(
  model: string,
  result: EmbeddingResultInput,
  inputs: number,
  startedAt: number,
): EmbeddingReply {
  if (typeof result !== "object" || result === null || !Array.isArray(result.embeddings)) {
    throw new ValidationError("an embedding model must return { embeddings: number[][], usage? }");
  }
  if (result.embeddings.length !== inputs) {
    throw new ValidationError(
      `an embedding model returned ${result.embeddings.length} vectors for ${inputs} inputs`,
    );
  }
  const embeddings = result.embeddings.map((vector, i) => {
    if (!Array.isArray(vector) || !vector.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw new ValidationError(`embeddings[${i}] must be an array of finite numbers`);
    }
    return vector as number[];
  });
  return { model, embeddings, usage: embeddingUsage(result.usage, Date.now() - startedAt) };
}

async function textEmbedding(provider: ModelProvider, session: Session, data: RequestData) {
  const startedAt = Date.now();
  const request = parseInput(InvokeTextEmbeddingRequestSchema, data, {
    what: "invoke_text_embedding request",
  });
  const kinds: ModelKind[] = ["text-embedding"];
  const result = await definitionOf(provider, "text-embedding").invoke(
    request,
    contextFor(provider, session, kinds, request),
  );
  return embeddingReply(request.model, result, request.texts.length, startedAt);
}

async function multimodalEmbedding(provider: ModelProvider, session: Session, data: RequestData) {
  const startedAt = Date.now();
  const request = parseInput(InvokeMultimodalEmbeddingRequestSchema, data, {
    what: "invoke_multimodal_embedding request",
  });
  const kinds: ModelKind[] = ["multimodal-embedding", "text-embedding"];
  const result = await definitionOf(provider, "multimodal-embedding").invoke(
    request,
    contextFor(provider, session, kinds, request),
  );
  return embeddingReply(request.model, result, request.documents.length, startedAt);
}

async function textEmbeddingNumTokens(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(GetTextEmbeddingNumTokensRequestSchema, data, {
    what: "get_text_embedding_num_tokens request",
  });
  const counts = await definitionOf(provider, "text-embedding").numTokens(
    request,
    contextFor(provider, session, ["text-embedding"], request),
  );
  if (!Array.isArray(counts) || counts.length !== request.texts.length) {
    throw new ValidationError(`numTokens must return one count per text (${request.texts.length})`);
  }
  return { num_tokens: counts.map((count, i) => tokenCount(count, `numTokens[${i}]`)) };
}

function rerankReply(
  model: string,
  result: RerankResultInput,
  docs: readonly string[],
  scoreThreshold: number,
  topN: number,
): RerankReply {
  if (typeof result !== "object" || result === null || !Array.isArray(result.docs)) {
    throw new ValidationError("a rerank model must return { docs: [{ index, score }] }");
  }
  const ranked = result.docs.map((doc, i) => {
    if (!Number.isInteger(doc?.index) || doc.index < 0 || doc.index >= docs.length) {
      throw new ValidationError(`docs[${i}].index must point into the request's ${docs.length} docs`);
    }
    if (typeof doc.score !== "number" || !Number.isFinite(doc.score)) {
      throw new ValidationError(`docs[${i}].score must be a finite number`);
    }
    return { index: doc.index, text: doc.text ?? (docs[doc.index] as string), score: doc.score };
  });
  ranked.sort((a, b) => b.score - a.score);
  const kept = scoreThreshold ? ranked.filter((doc) => doc.score >= scoreThreshold) : ranked;
  return { model, docs: topN > 0 ? kept.slice(0, topN) : kept };
}

async function rerank(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(InvokeRerankRequestSchema, data, { what: "invoke_rerank request" });
  const result = await definitionOf(provider, "rerank").invoke(
    request,
    contextFor(provider, session, ["rerank"], request),
  );
  return rerankReply(request.model, result, request.docs, request.score_threshold, request.top_n);
}

async function multimodalRerank(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(InvokeMultimodalRerankRequestSchema, data, {
    what: "invoke_multimodal_rerank request",
  });
  const kinds: ModelKind[] = ["multimodal-rerank", "rerank"];
  const result = await definitionOf(provider, "multimodal-rerank").invoke(
    request,
    contextFor(provider, session, kinds, request),
  );
  const texts = request.docs.map((doc: InboundMultimodalContent) => doc.content);
  return rerankReply(request.model, result, texts, request.score_threshold, request.top_n);
}

const AUDIO_TYPES: Readonly<Record<string, string>> = {
  mp3: "audio/mpeg",
  mpeg: "audio/mpeg",
  wav: "audio/wav",
  ogg: "audio/ogg",
  opus: "audio/opus",
  flac: "audio/flac",
  aac: "audio/aac",
  pcm: "audio/pcm",
  webm: "audio/webm",
};

function mimeTypeOf(definition: ModelDefinitionInputs["tts"], context: ModelContext): string | undefined {
  const option = definition.mimeType;
  if (typeof option === "function") return option(context);
  if (typeof option === "string") return option;
  const audioType = context.declaration?.model_properties?.audio_type;
  return typeof audioType === "string" ? (AUDIO_TYPES[audioType] ?? undefined) : undefined;
}

async function* audioOf(result: TTSInvokeReturn): AsyncGenerator<Uint8Array, void, undefined> {
  const value: unknown = isThenable(result) ? await result : result;
  if (value instanceof Uint8Array) {
    yield value;
    return;
  }
  if (!isIterableOf(value))
    throw new ValidationError("a TTS model must return or yield Uint8Array audio chunks");
  for await (const chunk of value as AsyncIterable<unknown>) {
    if (!(chunk instanceof Uint8Array))
      throw new ValidationError("a TTS model must yield Uint8Array audio chunks");
    yield chunk;
  }
}

async function* tts(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(InvokeTTSRequestSchema, data, { what: "invoke_tts request" });
  const definition = definitionOf(provider, "tts");
  const declaration = await resolveDeclaration(provider, session, ["tts"], request);
  const context = contextOf(session, request, declaration);
  const mimeType = mimeTypeOf(definition, context);
  for await (const chunk of audioOf(definition.invoke(request, context))) {
    for (let offset = 0; offset < chunk.byteLength; offset += TTS_CHUNK_BYTES) {
      const piece = chunk.subarray(offset, Math.min(chunk.byteLength, offset + TTS_CHUNK_BYTES));
      const item: TTSReplyChunk = {
        result: Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString("hex"),
      };
      if (mimeType) item.mime_type = mimeType;
      yield item;
    }
  }
}

function declaredVoices(
  declaration: ModelDeclaration | undefined,
  language: string | null | undefined,
): TTSVoice[] {
  const voices = declaration?.model_properties?.voices;
  if (!Array.isArray(voices)) return [];
  return voices
    .filter((voice): voice is { mode: string; name: string; language?: unknown } => {
      if (typeof voice !== "object" || voice === null) return false;
      const { mode, name } = voice as { mode?: unknown; name?: unknown };
      return typeof mode === "string" && mode !== "" && typeof name === "string" && name !== "";
    })
    .filter((voice) => !language || !Array.isArray(voice.language) || voice.language.includes(language))
    .map((voice) => ({ name: voice.name, value: voice.mode }));
}

async function ttsVoices(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(GetTTSModelVoicesRequestSchema, data, { what: "get_tts_model_voices request" });
  const definition = definitionOf(provider, "tts");
  const declaration = await resolveDeclaration(provider, session, ["tts"], request);
  const context = contextOf(session, request, declaration);
  const voices = definition.voices
    ? await definition.voices(request, context)
    : declaredVoices(declaration, request.language);
  return parseInput(TTSVoicesReplySchema, { voices: [...voices] }, { what: "voices" });
}

async function speech2text(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(InvokeSpeech2TextRequestSchema, data, { what: "invoke_speech2text request" });
  const audio = new Uint8Array(Buffer.from(request.file, "hex"));
  const text = await definitionOf(provider, "speech2text").invoke(
    { ...request, audio },
    contextFor(provider, session, ["speech2text"], request),
  );
  if (typeof text !== "string")
    throw new ValidationError("a speech-to-text model must return the transcript text");
  return { result: text };
}

async function moderation(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(InvokeModerationRequestSchema, data, { what: "invoke_moderation request" });
  const flagged = await definitionOf(provider, "moderation").invoke(
    request,
    contextFor(provider, session, ["moderation"], request),
  );
  if (typeof flagged !== "boolean")
    throw new ValidationError("a moderation model must return true (flagged) or false");
  return { result: flagged };
}

function credentialsReply(
  stored: CredentialsResult,
  given: Record<string, unknown>,
): ValidateCredentialsReply {
  if (stored !== undefined && (typeof stored !== "object" || stored === null || Array.isArray(stored))) {
    throw new ValidationError("validateCredentials must return nothing or the credentials object to store");
  }
  return { result: true, credentials: { ...(stored ?? given) } };
}

async function validateProviderCredentials(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(ValidateProviderCredentialsRequestSchema, data, {
    what: "validate_provider_credentials request",
  });
  const stored = await provider.definition.validateCredentials?.(request.credentials, {
    session,
    signal: session.signal,
    logger: session.logger,
    provider: request.provider,
    userId: session.userId,
  });
  return credentialsReply(stored, request.credentials);
}

async function validateModelCredentials(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(ValidateModelCredentialsRequestSchema, data, {
    what: "validate_model_credentials request",
  });
  const kinds = kindsOf(request.model_type).filter((kind) => provider.byKind.has(kind));
  const definition = kinds.length > 0 ? provider.byKind.get(kinds[0] as ModelKind) : undefined;
  if (!definition) {
    throw new ValidationError(`model provider ${provider.name} defines no ${request.model_type} models`, {
      field: "model_type",
    });
  }
  const check = (definition as AnyModelDefinition).definition.validateCredentials;
  const stored = check ? await check(contextFor(provider, session, kinds, request)) : undefined;
  return credentialsReply(stored, request.credentials);
}

async function aiModelSchemas(provider: ModelProvider, session: Session, data: RequestData) {
  const request = parseInput(GetAIModelSchemasRequestSchema, data, { what: "get_ai_model_schemas request" });
  const kinds = kindsOf(request.model_type).filter((kind) => provider.byKind.has(kind));
  return { model_schema: (await resolveDeclaration(provider, session, kinds, request)) ?? null };
}

/** Every model action's handler. */
const HANDLERS: Record<ModelAction, Handler> = {
  invoke_llm: invokeLLM,
  start_polling: startPolling,
  check_polling: checkPolling,
  get_llm_num_tokens: llmNumTokens,
  invoke_text_embedding: textEmbedding,
  invoke_multimodal_embedding: multimodalEmbedding,
  get_text_embedding_num_tokens: textEmbeddingNumTokens,
  invoke_rerank: rerank,
  invoke_multimodal_rerank: multimodalRerank,
  invoke_tts: tts,
  get_tts_model_voices: ttsVoices,
  invoke_speech2text: speech2text,
  invoke_moderation: moderation,
  validate_provider_credentials: validateProviderCredentials,
  validate_model_credentials: validateModelCredentials,
  get_ai_model_schemas: aiModelSchemas,
};
