import type { Logger, Session } from "@x/core";
import type {
  CheckPollingRequest,
  GetLLMNumTokensRequest,
  GetTextEmbeddingNumTokensRequest,
  GetTTSModelVoicesRequest,
  InvokeLLMRequest,
  InvokeModerationRequest,
  InvokeMultimodalEmbeddingRequest,
  InvokeMultimodalRerankRequest,
  InvokeRerankRequest,
  InvokeSpeech2TextRequest,
  InvokeTextEmbeddingRequest,
  InvokeTTSRequest,
  ModelDeclaration,
  StartPollingRequest,
  TTSVoice,
} from "@x/protocol";
import type { ModelInput } from "./declarations.js";
import type { EmbeddingUsageInput, LLMChunkInput } from "./replies.js";

/** What every model handler receives besides the request. */
export interface ModelContext {
  /** The daemon session. Model sessions cannot make reverse calls (§4.2): use the model's own API. */
  readonly session: Session;
  /** Aborts when the session ends or the connection drops: pass it to your HTTP client. */
  readonly signal: AbortSignal;
  /** The session's logger. Never log credentials. */
  readonly logger: Logger;
  /** The provider's (or the custom model's) credentials, decrypted by Dify. Never log them. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** The provider's name. */
  readonly provider: string;
  /** The model's name. */
  readonly model: string;
  /** The end user (may be `""`). */
  readonly userId: string;
  /** The model's declaration when it is predefined, or when `schema` answers for it. */
  readonly declaration: ModelDeclaration | undefined;
}

/** Options every definer takes: the predefined models, the customizable-model schema, credential checks. */
export interface ModelDefinitionBase {
  /** Predefined models of this type, declared up front (written to `models/<type>/<model>.yaml`). */
  models?: readonly ModelInput[];
  /**
   * Customizable models: the declaration of a model the user named, from its credentials (`get_ai_model_schemas`).
   * Return `null` when it is unknown. `context.declaration` is undefined here.
   */
  schema?(context: ModelContext): ModelInput | null | undefined | Promise<ModelInput | null | undefined>;
  /**
   * Checks a model's credentials (`validate_model_credentials`): throw `CredentialsValidateFailedError` to reject
   * them, return an object to store other credentials. Default: accept them.
   */
  validateCredentials?(context: ModelContext): CredentialsResult | Promise<CredentialsResult>;
}

/** What a credentials check returns: nothing (store the credentials as entered) or the credentials to store. */
// biome-ignore lint/suspicious/noConfusingVoidType: a check that returns nothing is the common case
export type CredentialsResult = void | undefined | Readonly<Record<string, unknown>>;

/** What may be awaited. */
export type MaybePromise<T> = T | Promise<T>;

/** What an LLM's `invoke` may produce: pieces (sync or async), or the whole answer. */
export type LLMInvokeReturn =
  | AsyncIterable<LLMChunkInput>
  | Iterable<LLMChunkInput>
  | MaybePromise<LLMChunkInput>;

/** A long job's state, as `start` / `check` report it (durations in milliseconds). */
export type PollingResultInput =
  | {
      status: "running";
      /** What the next `check_polling` gets back as `request.plugin_state` (at least one key). */
      state: Readonly<Record<string, unknown>>;
      /** When Dify should check again, in ms (sent in whole seconds). */
      nextCheckAfter?: number;
      /** When the job expires, in ms. */
      expiresAfter?: number;
      /** How many checks Dify may make. */
      maxAttempts?: number;
    }
  | { status: "succeeded"; result: LLMChunkInput | readonly LLMChunkInput[] }
  | { status: "failed"; error: string };

/** `start_polling` / `check_polling` for models whose answers take long (video, deep research...). */
export interface LLMPolling {
  /** Starts the job (the request is an `invoke_llm` request with `stream: false`). */
  start(request: StartPollingRequest, context: ModelContext): MaybePromise<PollingResultInput>;
  /** Reports the job's progress from the `plugin_state` the last result gave. */
  check(request: CheckPollingRequest, context: ModelContext): MaybePromise<PollingResultInput>;
}

/** The definition of a provider's LLMs. */
export interface LLMDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_llm`: yield pieces as they come (`stream: true`), or return the whole answer. */
  invoke(request: InvokeLLMRequest, context: ModelContext): LLMInvokeReturn;
  /** Answers `get_llm_num_tokens`: the prompt's token count (return 0 when you cannot count). */
  numTokens(request: GetLLMNumTokensRequest, context: ModelContext): MaybePromise<number>;
  /** Long jobs answered through `start_polling` / `check_polling`. */
  polling?: LLMPolling;
}

/** An embedding reply as a model produces it: one vector per input, in order. */
export interface EmbeddingResultInput {
  /** One vector per text (or document), in request order. */
  embeddings: ReadonlyArray<readonly number[]>;
  /** Tokens and price. */
  usage?: EmbeddingUsageInput;
}

/** The definition of a provider's text-embedding models. */
export interface TextEmbeddingDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_text_embedding`. */
  invoke(request: InvokeTextEmbeddingRequest, context: ModelContext): MaybePromise<EmbeddingResultInput>;
  /** Answers `get_text_embedding_num_tokens`: one count per text. */
  numTokens(
    request: GetTextEmbeddingNumTokensRequest,
    context: ModelContext,
  ): MaybePromise<readonly number[]>;
}

/** The definition of a provider's multimodal (text and image) embedding models. */
export interface MultimodalEmbeddingDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_multimodal_embedding`. */
  invoke(
    request: InvokeMultimodalEmbeddingRequest,
    context: ModelContext,
  ): MaybePromise<EmbeddingResultInput>;
}

/** Ranked documents as a model produces them; the SDK sorts, filters and fills `text`. */
export interface RerankResultInput {
  /** `index` into the request's `docs`, and its relevance `score`. */
  docs: ReadonlyArray<{ index: number; score: number; text?: string }>;
}

/** The definition of a provider's rerank models. */
export interface RerankDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_rerank` (the SDK applies `score_threshold` and `top_n` to what you return). */
  invoke(request: InvokeRerankRequest, context: ModelContext): MaybePromise<RerankResultInput>;
}

/** The definition of a provider's multimodal rerank models. */
export interface MultimodalRerankDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_multimodal_rerank`. */
  invoke(request: InvokeMultimodalRerankRequest, context: ModelContext): MaybePromise<RerankResultInput>;
}

/** What a TTS model's `invoke` may produce: audio chunks as they come, or the whole audio. */
export type TTSInvokeReturn = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | MaybePromise<Uint8Array>;

/** The definition of a provider's text-to-speech models. */
export interface TTSDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_tts`: each chunk is sent hex-encoded as it is produced (§2.4.4). */
  invoke(request: InvokeTTSRequest, context: ModelContext): TTSInvokeReturn;
  /** Answers `get_tts_model_voices`. Default: the declaration's `model_properties.voices` for the language. */
  voices?(request: GetTTSModelVoicesRequest, context: ModelContext): MaybePromise<readonly TTSVoice[]>;
  /** The audio's MIME type (`audio/mpeg`...). Default: from `model_properties.audio_type`. */
  mimeType?: string | ((context: ModelContext) => string | undefined);
}

/** The definition of a provider's speech-to-text models. */
export interface Speech2TextDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_speech2text`: the transcript of `request.audio` (the decoded `file`). */
  invoke(
    request: InvokeSpeech2TextRequest & { audio: Uint8Array },
    context: ModelContext,
  ): MaybePromise<string>;
}

/** The definition of a provider's moderation models. */
export interface ModerationDefinitionInput extends ModelDefinitionBase {
  /** Answers `invoke_moderation`: `true` when the text is flagged. */
  invoke(request: InvokeModerationRequest, context: ModelContext): MaybePromise<boolean>;
}

/** The input of each definer, by the kind it defines. */
export interface ModelDefinitionInputs {
  llm: LLMDefinitionInput;
  "text-embedding": TextEmbeddingDefinitionInput;
  "multimodal-embedding": MultimodalEmbeddingDefinitionInput;
  rerank: RerankDefinitionInput;
  "multimodal-rerank": MultimodalRerankDefinitionInput;
  tts: TTSDefinitionInput;
  speech2text: Speech2TextDefinitionInput;
  moderation: ModerationDefinitionInput;
}

/** The kinds of model a provider can define. */
export type ModelKind = keyof ModelDefinitionInputs;

/** A defined model type: pass it in the provider's `models`. */
export interface ModelDefinition<K extends ModelKind = ModelKind> {
  /** Brand checked by `defineModelProvider`. */
  readonly kind: "model";
  /** What it answers: `llm`, `text-embedding`, `multimodal-embedding`, ... */
  readonly modelKind: K;
  /** The definition it was built from. */
  readonly definition: ModelDefinitionInputs[K];
}

/** Any defined model type. */
export type AnyModelDefinition = { [K in ModelKind]: ModelDefinition<K> }[ModelKind];

function definer<K extends ModelKind>(modelKind: K) {
  return (definition: ModelDefinitionInputs[K]): ModelDefinition<K> =>
    Object.freeze({ kind: "model" as const, modelKind, definition });
}

/** Defines a provider's LLMs: `invoke` (streaming or blocking), `numTokens`, and optionally `polling`. */
export const defineLLM: (definition: LLMDefinitionInput) => ModelDefinition<"llm"> = definer("llm");

/** Defines a provider's text-embedding models: `invoke` and `numTokens`. */
export const defineTextEmbedding: (
  definition: TextEmbeddingDefinitionInput,
) => ModelDefinition<"text-embedding"> = definer("text-embedding");

/** Defines a provider's multimodal embedding models (declared as `text-embedding`, like the Python SDK). */
export const defineMultimodalEmbedding: (
  definition: MultimodalEmbeddingDefinitionInput,
) => ModelDefinition<"multimodal-embedding"> = definer("multimodal-embedding");

/** Defines a provider's rerank models. */
export const defineRerank: (definition: RerankDefinitionInput) => ModelDefinition<"rerank"> =
  definer("rerank");

/** Defines a provider's multimodal rerank models (declared as `rerank`, like the Python SDK). */
export const defineMultimodalRerank: (
  definition: MultimodalRerankDefinitionInput,
) => ModelDefinition<"multimodal-rerank"> = definer("multimodal-rerank");

/** Defines a provider's text-to-speech models: `invoke` streams audio; `voices` lists voices. */
export const defineTTS: (definition: TTSDefinitionInput) => ModelDefinition<"tts"> = definer("tts");

/** Defines a provider's speech-to-text models. */
export const defineSpeech2Text: (definition: Speech2TextDefinitionInput) => ModelDefinition<"speech2text"> =
  definer("speech2text");

/** Defines a provider's moderation models. */
export const defineModeration: (definition: ModerationDefinitionInput) => ModelDefinition<"moderation"> =
  definer("moderation");
