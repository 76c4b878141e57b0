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
  /** Chat models (`POST /chat/completions`). */
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
}

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
    credentials: config.credentials ?? {
      provider: config.baseUrl ? { api_key: DEFAULT_FIELDS.api_key } : DEFAULT_FIELDS,
    },
    models: openAICompatibleModels(config, clientFor),
    async validateCredentials(credentials, context) {
      try {
        const client = clientFor(credentials);
        if (config.validateWith === undefined || config.validateWith === "list-models") {
          await client.listModels({ signal: context.signal });
        } else {
          const chat = client.chat(
            {
              model: config.validateWith.llm,
              promptMessages: [{ role: "user", content: "ping" }],
              modelParameters: { max_tokens: 5 },
              stream: false,
            },
            { signal: context.signal },
          );
          for await (const _ of chat);
        }
      } catch (error) {
        if (CredentialsValidateFailedError.isInstance(error)) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new CredentialsValidateFailedError(`credentials check failed: ${message}`, { cause: error });
      }
    },
  });
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
  config: Pick<OpenAICompatibleProviderConfig, "models" | "overrides">,
  clientFor: (credentials: Readonly<Record<string, unknown>>) => OpenAICompatibleClient,
): AnyModelDefinition[] {
  const { models, overrides = {} } = config;
  const out: AnyModelDefinition[] = [];
  const client = (context: ModelContext) => clientFor(context.credentials);
  if (models.llm) {
    out.push(
      defineLLM({
        models: models.llm,
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
        async *invoke(request, context) {
          const speech = await client(context).speech(
            {
              model: request.model,
              input: request.content_text,
              voice: request.voice,
              format: audioType(context.declaration),
            },
            { signal: context.signal },
          );
          yield* speech.audio;
        },
        mimeType: (context) => mimeOf(audioType(context.declaration)),
        ...overrides.tts,
      }),
    );
  }
  if (models.speech2text) {
    out.push(
      defineSpeech2Text({
        models: models.speech2text,
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

function pricingOf(declaration: ModelDeclaration | undefined) {
  return declaration?.pricing ?? undefined;
}

function audioType(declaration: ModelDeclaration | undefined): string {
  const value = declaration?.model_properties?.audio_type;
  return typeof value === "string" && value ? value : "mp3";
}

function mimeOf(format: string): string {
  return format === "mp3" ? "audio/mpeg" : `audio/${format}`;
}
