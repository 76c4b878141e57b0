import type { ModelDeclaration } from "@x/protocol";
import {
  type AnyModelDefinition,
  CredentialsValidateFailedError,
  defineLLM,
  defineModelProvider,
  defineModeration,
  defineRerank,
  defineSpeech2Text,
  defineTextEmbedding,
  defineTTS,
  type LLMChunkInput,
  type LLMDefinitionInput,
  type ModelContext,
  type ModelInput,
  type ModelProvider,
  type ModelProviderDefinitionInput,
  type ModerationDefinitionInput,
  type RerankDefinitionInput,
  type Speech2TextDefinitionInput,
  splitSpeechText,
  type TextEmbeddingDefinitionInput,
  type TTSDefinitionInput,
} from "../provider/index.js";
import type { ChatMessage } from "./chat.js";
import { OpenAICompatibleClient, type OpenAICompatibleClientOptions } from "./client.js";
import { estimateTokens } from "./usage.js";

/** Client options a provider fixes for every call (everything but the server address and key). */
export type OpenAICompatibleProviderClientOptions = Omit<OpenAICompatibleClientOptions, "baseUrl" | "apiKey">;

/** The models of each type a provider serves, predefined (declared up front); a type left out is not served. */
export interface OpenAICompatibleModels {
  /** Chat models (`POST /chat/completions`; `POST /completions` for `model_properties.mode: "completion"`). */
  llm?: readonly ModelInput[];
  /** Embedding models (`POST /embeddings`). */
  "text-embedding"?: readonly ModelInput[];
  /** Rerank models (`POST /rerank`, Jina/Cohere style). */
  rerank?: readonly ModelInput[];
  /** Speech models (`POST /audio/speech`); `model_properties.voices` lists the voices, `audio_type` the format. */
  tts?: readonly ModelInput[];
  /** Transcription models (`POST /audio/transcriptions`). */
  speech2text?: readonly ModelInput[];
  /** Moderation models (`POST /moderations`). */
  moderation?: readonly ModelInput[];
}

/** Handlers or options to change per model type (a `schema` for customizable models, another `numTokens`...). */
export interface OpenAICompatibleOverrides {
  /** Merged over the LLM definition. */
  llm?: Partial<LLMDefinitionInput>;
  /** Merged over the text-embedding definition. */
  "text-embedding"?: Partial<TextEmbeddingDefinitionInput>;
  /** Merged over the rerank definition. */
  rerank?: Partial<RerankDefinitionInput>;
  /** Merged over the TTS definition. */
  tts?: Partial<TTSDefinitionInput>;
  /** Merged over the speech-to-text definition. */
  speech2text?: Partial<Speech2TextDefinitionInput>;
  /** Merged over the moderation definition. */
  moderation?: Partial<ModerationDefinitionInput>;
}

/** The configuration of {@link openAICompatibleProvider}. */
export interface OpenAICompatibleProviderConfig {
  /** The provider's identity (`name`, `label`, icons...), as `defineModelProvider` takes it. */
  provider: ModelProviderDefinitionInput["provider"];
  /** The models served, by type. */
  models: OpenAICompatibleModels;
  /**
   * A fixed server (e.g. `https://api.openai.com/v1`). Without it, users enter the server's URL in the
   * `api_base` credential.
   */
  baseUrl?: string | undefined;
  /** Credential forms; default: `api_base` (unless `baseUrl` is set) and `api_key` provider fields. */
  credentials?: ModelProviderDefinitionInput["credentials"];
  /** Reads the server URL and key from credentials; default: `api_base` (or `baseUrl`) and `api_key`. */
  connect?:
    | ((credentials: Readonly<Record<string, unknown>>) => { baseUrl: string; apiKey?: string | undefined })
    | undefined;
  /**
   * How `validate_provider_credentials` checks a key: `"list-models"` (default: `GET /models`, no tokens spent), or
   * `{ llm: "<model>" }` for servers without `/models` (a 5-token chat).
   */
  validateWith?: "list-models" | { llm: string } | undefined;
  /** Dispatcher, headers, timeouts and compatibility switches of every call. */
  client?: OpenAICompatibleProviderClientOptions | undefined;
  /** Changes per model type. */
  overrides?: OpenAICompatibleOverrides | undefined;
  /**
   * Let users add models of the listed types by name (`customizable-model`): Dify then asks for a model form
   * (the server's `api_base` and `api_key`, a context size, whether the model calls tools, TTS voices), and
   * `get_ai_model_schemas` answers a declaration built from it. List a type with `[]` to serve it only this way.
   */
  customizable?: boolean | undefined;
}

/** The extra fields of the model form of customizable models (`customizable: true`). */
const MODEL_FIELDS = {
  context_size: { type: "text-input", label: "Context size (tokens)", default: "4096", required: false },
  mode: {
    type: "select",
    label: "Completion mode",
    default: "chat",
    options: [
      { value: "chat", label: "Chat (/chat/completions)" },
      { value: "completion", label: "Completion (/completions)" },
    ],
    showOn: [{ variable: "__model_type", value: "llm" }],
  },
  function_calling_type: {
    type: "select",
    label: "Tool calls",
    default: "tool_call",
    options: [
      { value: "tool_call", label: "Supported" },
      { value: "no_call", label: "Not supported" },
    ],
    showOn: [{ variable: "__model_type", value: "llm" }],
  },
  voices: {
    type: "text-input",
    label: "Voices (comma-separated)",
    default: "alloy",
    required: false,
    showOn: [{ variable: "__model_type", value: "tts" }],
  },
} as const;

const DEFAULT_FIELDS = {
  api_base: {
    type: "text-input",
    label: "API base URL",
    required: true,
    placeholder: "https://api.openai.com/v1",
    help: "The server's OpenAI-compatible API root, up to and including its version.",
  },
  api_key: { type: "secret-input", label: "API key", required: false, placeholder: "sk-..." },
} as const;

/**
 * A model provider for any OpenAI-compatible server: name it, list its models per type, and every `model` action
 * is answered over HTTP with {@link OpenAICompatibleClient} (streaming chat with tool calls, embeddings, rerank,
 * TTS, speech-to-text, moderation, token counts, credential checks). Server failures reach Dify as its invoke
 * error kinds; a bad key during validation as `CredentialsValidateFailedError`.
 */
export function openAICompatibleProvider(config: OpenAICompatibleProviderConfig): ModelProvider {
  const clientFor = (credentials: Readonly<Record<string, unknown>>) => {
    const target = config.connect ? config.connect(credentials) : defaultConnection(config, credentials);
    return new OpenAICompatibleClient({ ...config.client, ...target });
  };
  return defineModelProvider({
    provider: config.provider,
    credentials: config.credentials ?? defaultCredentialForms(config),
    models: openAICompatibleModels(config, clientFor),
    validateCredentials: (credentials, context) =>
      checkCredentials(config, () => clientFor(credentials), context.signal),
  });
}

function defaultCredentialForms(
  config: OpenAICompatibleProviderConfig,
): ModelProviderDefinitionInput["credentials"] {
  const connection = config.baseUrl ? { api_key: DEFAULT_FIELDS.api_key } : DEFAULT_FIELDS;
  const predefined = Object.values(config.models).some((models) => models && models.length > 0);
  return {
    ...(predefined || !config.customizable ? { provider: connection } : {}),
    ...(config.customizable
      ? {
          model: {
            label: "Model name",
            placeholder: "The model's id on the server, e.g. llama-3.1-8b-instruct",
            fields: { ...connection, ...MODEL_FIELDS },
          },
        }
      : {}),
  };
}

/**
 * A credentials check: `GET /models`, or the 5-token chat `validateWith` names. With `model` (a customizable
 * model's own form), that model is called: a 5-token chat for an LLM (a 5-token text completion when its form
 * says completion mode), one embedding, else `GET /models`.
 */
async function checkCredentials(
  config: Pick<OpenAICompatibleProviderConfig, "validateWith">,
  connect: () => OpenAICompatibleClient,
  signal: AbortSignal,
  model?: { kind: string; name: string; mode?: "chat" | "completion" },
): Promise<void> {
  try {
    const client = connect();
    const llm =
      model?.kind === "llm"
        ? model.name
        : typeof config.validateWith === "object"
          ? config.validateWith.llm
          : undefined;
    if (model?.kind === "text-embedding") {
      await client.embed({ model: model.name, texts: ["ping"] }, { signal });
    } else if (llm !== undefined) {
      const chat = client.chat(
        {
          model: llm,
          promptMessages: [{ role: "user", content: "ping" }],
          modelParameters: { max_tokens: 5 },
          stream: false,
          mode: model?.kind === "llm" ? model.mode : undefined,
        },
        { signal },
      );
      for await (const _ of chat);
    } else {
      await client.listModels({ signal });
    }
  } catch (error) {
    if (CredentialsValidateFailedError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CredentialsValidateFailedError(`credentials check failed: ${message}`, { cause: error });
  }
}

function defaultConnection(
  config: OpenAICompatibleProviderConfig,
  credentials: Readonly<Record<string, unknown>>,
) {
  const base =
    typeof credentials.api_base === "string" && credentials.api_base.trim()
      ? credentials.api_base
      : config.baseUrl;
  if (!base)
    throw new CredentialsValidateFailedError(
      "api_base is required: the server's API URL, e.g. https://host/v1",
    );
  const key =
    typeof credentials.api_key === "string" && credentials.api_key !== "" ? credentials.api_key : undefined;
  return { baseUrl: base.trim(), apiKey: key };
}

/** The model definitions {@link openAICompatibleProvider} builds, to compose a provider by hand. */
export function openAICompatibleModels(
  config: Pick<OpenAICompatibleProviderConfig, "models" | "overrides" | "customizable" | "validateWith">,
  clientFor: (credentials: Readonly<Record<string, unknown>>) => OpenAICompatibleClient,
): AnyModelDefinition[] {
  const { models, overrides = {} } = config;
  const out: AnyModelDefinition[] = [];
  const client = (context: ModelContext) => clientFor(context.credentials);
  // Customizable models: their declaration from the model form, and a check of that model's own credentials.
  const custom = (kind: keyof OpenAICompatibleModels) =>
    config.customizable
      ? {
          schema: (context: ModelContext) => customModel(kind, context),
          validateCredentials: (context: ModelContext) =>
            checkCredentials(config, () => client(context), context.signal, {
              kind,
              name: context.model,
              mode: context.credentials.mode === "completion" ? "completion" : "chat",
            }),
        }
      : {};
  // A model's `model_properties`: its predefined declaration's, else (a customizable model) those its model form
  // gives, as `get_ai_model_schemas` answered them.
  const properties = (kind: keyof OpenAICompatibleModels, context: ModelContext): Properties =>
    context.declaration?.model_properties ??
    (config.customizable ? customModel(kind, context).model_properties : undefined) ??
    {};
  if (models.llm) {
    out.push(
      defineLLM({
        models: models.llm,
        ...custom("llm"),
        async *invoke(request, context): AsyncGenerator<LLMChunkInput> {
          const chunks = client(context).chat(
            {
              model: request.model,
              promptMessages: request.prompt_messages as readonly ChatMessage[],
              modelParameters: request.model_parameters,
              tools: request.tools,
              toolChoice: request.tool_choice,
              stop: request.stop,
              jsonSchema: request.json_schema,
              stream: request.stream,
              user: context.userId || undefined,
              pricing: pricingOf(context.declaration),
              mode: llmMode(properties("llm", context)),
            },
            { signal: context.signal },
          );
          for await (const chunk of chunks) {
            const { message, usage, finish_reason } = chunk.delta;
            yield {
              content: typeof message.content === "string" ? message.content : "",
              ...(message.tool_calls && message.tool_calls.length > 0
                ? { tool_calls: message.tool_calls }
                : {}),
              ...(usage ? { usage } : {}),
              ...(finish_reason ? { finish_reason } : {}),
              ...(chunk.system_fingerprint ? { system_fingerprint: chunk.system_fingerprint } : {}),
            };
          }
        },
        numTokens: (request) => estimatePromptTokens(request.prompt_messages, request.tools),
        ...overrides.llm,
      }),
    );
  }
  if (models["text-embedding"]) {
    out.push(
      defineTextEmbedding({
        models: models["text-embedding"],
        ...custom("text-embedding"),
        async invoke(request, context) {
          const result = await client(context).embed(
            { model: request.model, texts: request.texts, pricing: pricingOf(context.declaration) },
            { signal: context.signal },
          );
          return { embeddings: result.embeddings, usage: result.usage };
        },
        numTokens: (request) => request.texts.map(estimateTokens),
        ...overrides["text-embedding"],
      }),
    );
  }
  if (models.rerank) {
    out.push(
      defineRerank({
        models: models.rerank,
        ...custom("rerank"),
        async invoke(request, context) {
          const result = await client(context).rerank(
            { model: request.model, query: request.query, docs: request.docs, topN: request.top_n },
            { signal: context.signal },
          );
          return { docs: result.docs };
        },
        ...overrides.rerank,
      }),
    );
  }
  if (models.tts) {
    out.push(
      defineTTS({
        models: models.tts,
        ...custom("tts"),
        async *invoke(request, context) {
          // Servers cap the input (OpenAI: 4,096 characters): a longer text goes as one request per piece of
          // at most `word_limit` characters, cut between sentences, and the audio is relayed piece after piece.
          // One request at a time, so memory holds one answer's buffer at most.
          const model = properties("tts", context);
          const format = audioType(model);
          for (const input of splitSpeechText(request.content_text, wordLimit(model))) {
            const speech = await client(context).speech(
              { model: request.model, input, voice: request.voice, format },
              { signal: context.signal },
            );
            yield* speech.audio;
          }
        },
        mimeType: (context) => mimeOf(audioType(properties("tts", context))),
        ...overrides.tts,
      }),
    );
  }
  if (models.speech2text) {
    out.push(
      defineSpeech2Text({
        models: models.speech2text,
        ...custom("speech2text"),
        invoke: (request, context) =>
          client(context).transcribe(
            { model: request.model, file: request.audio },
            { signal: context.signal },
          ),
        ...overrides.speech2text,
      }),
    );
  }
  if (models.moderation) {
    out.push(
      defineModeration({
        models: models.moderation,
        ...custom("moderation"),
        async invoke(request, context) {
          const verdict = await client(context).moderate(
            { model: request.model, text: request.text },
            { signal: context.signal },
          );
          return verdict.flagged;
        },
        ...overrides.moderation,
      }),
    );
  }
  return out;
}

/**
 * A prompt's estimated token count (`get_llm_num_tokens`; OpenAI-compatible servers have no counting endpoint):
 * each message's text and tool calls, 4 tokens of framing per message (OpenAI's chat format), and the tools'
 * JSON schemas.
 */
export function estimatePromptTokens(
  messages: readonly ChatMessage[],
  tools: readonly { name: string; description?: string | undefined; parameters?: unknown }[] = [],
): number {
  let tokens = 0;
  for (const message of messages) {
    const content = message.content;
    const text =
      typeof content === "string"
        ? content
        : (content ?? []).map((part) => (part.type === "text" ? (part.data ?? "") : "")).join("");
    tokens +=
      4 +
      estimateTokens(text) +
      (message.tool_calls?.length ? estimateTokens(JSON.stringify(message.tool_calls)) : 0);
  }
  return tokens + (tools.length > 0 ? estimateTokens(JSON.stringify(tools)) : 0);
}

/** The declaration of a customizable model, from the model form (`get_ai_model_schemas`). */
function customModel(kind: keyof OpenAICompatibleModels, context: ModelContext): ModelInput {
  const credentials = context.credentials;
  const contextSize = Number.parseInt(String(credentials.context_size ?? ""), 10);
  const size = Number.isInteger(contextSize) && contextSize > 0 ? contextSize : 4096;
  const base = { model: context.model, fetch_from: "customizable-model" as const };
  switch (kind) {
    case "llm": {
      const mode = credentials.mode === "completion" ? "completion" : "chat";
      return {
        ...base,
        // A text completion has no tools.
        features:
          credentials.function_calling_type === "no_call" || mode === "completion"
            ? []
            : ["tool-call", "multi-tool-call", "stream-tool-call"],
        model_properties: { mode, context_size: size },
        parameter_rules: [
          { name: "temperature", use_template: "temperature" },
          { name: "top_p", use_template: "top_p" },
          { name: "max_tokens", use_template: "max_tokens", default: 512, min: 1, max: size },
        ],
      };
    }
    case "text-embedding":
    case "rerank":
      return { ...base, model_properties: { context_size: size, max_chunks: 32 } };
    case "tts": {
      const names = String(credentials.voices ?? "alloy")
        .split(",")
        .map((voice) => voice.trim())
        .filter(Boolean);
      const voices = (names.length > 0 ? names : ["alloy"]).map((voice) => ({
        mode: voice,
        name: voice,
        language: ["en-US"],
      }));
      return {
        ...base,
        model_properties: { default_voice: voices[0]?.mode, voices, audio_type: "mp3", word_limit: 4096 },
      };
    }
    default:
      return { ...base, model_properties: {} };
  }
}

function pricingOf(declaration: ModelDeclaration | undefined) {
  return declaration?.pricing ?? undefined;
}

/** A model's `model_properties`. */
type Properties = Readonly<Record<string, unknown>>;

/** `mode`: a model Dify runs in completion mode is sent to `POST /completions`. */
function llmMode(properties: Properties): "chat" | "completion" {
  return properties.mode === "completion" ? "completion" : "chat";
}

/** `word_limit`: the most characters one speech request may carry (none when unset). */
function wordLimit(properties: Properties): number {
  const value = properties.word_limit;
  return typeof value === "number" && value > 0 ? value : Number.POSITIVE_INFINITY;
}

function audioType(properties: Properties): string {
  const value = properties.audio_type;
  return typeof value === "string" && value ? value : "mp3";
}

function mimeOf(format: string): string {
  return format === "mp3" ? "audio/mpeg" : `audio/${format}`;
}
