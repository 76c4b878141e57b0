// One real plugin per kind, built only with the public definers of the feature packages, for the action-catalogue
// coverage test. Each subject also says how to aim a catalogue sample request at its own components (provider,
// tool, model, datasource, event names), so a dispatched sample reaches the definition, not a "not found".
import { messages as agentMessages, defineAgentStrategy, defineAgentStrategyProvider } from "@x/agent";
import { Plugin } from "@x/core";
import {
  defineDatasourceProvider,
  defineOnlineDocument,
  defineOnlineDrive,
  defineWebsiteCrawl,
} from "@x/datasource";
import { defineEndpoint, defineEndpointGroup } from "@x/endpoint";
import {
  defineLLM,
  defineModelProvider,
  defineModeration,
  defineMultimodalEmbedding,
  defineMultimodalRerank,
  defineRerank,
  defineSpeech2Text,
  defineTextEmbedding,
  defineTTS,
} from "@x/model";
import { defineTool, defineToolProvider, messages } from "@x/tool";
import { defineTriggerEvent, defineTriggerProvider } from "@x/trigger";

/** A plugin of one kind and how to route a sample request to what it defines. */
export interface CatalogueSubject {
  /** What the plugin is, for messages. */
  readonly name: string;
  /** The plugin, built with the public definers only. */
  readonly plugin: Plugin;
  /** Keys that aim a sample `(type, action)` request at this plugin's components. */
  aim(type: string, sample: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

const oauthHooks = {
  clientSchema: { client_id: { type: "text-input" as const, required: true } },
  credentialsSchema: { access_token: { type: "secret-input" as const, required: true } },
  authorizationUrl: ({ redirectUri }: { redirectUri: string }) =>
    `https://auth.example/authorize?redirect_uri=${encodeURIComponent(redirectUri)}`,
  credentials: ({ request }: { request: Request }) => ({
    credentials: { access_token: `token-${new URL(request.url).searchParams.get("code") ?? ""}` },
  }),
  refresh: ({ credentials }: { credentials: Record<string, unknown> }) => ({
    credentials: { access_token: `refreshed-${String(credentials.refresh_token ?? "")}` },
  }),
};

const search = defineTool({
  identity: { name: "search", label: "Search" },
  description: { human: "Searches a project", llm: "Searches one project for a query" },
  parameters: {
    q: { type: "string", form: "llm", label: "Query" },
    project: {
      type: "dynamic-select",
      form: "form",
      label: "Project",
      options: () => [{ value: "p-1", label: { en_US: "Project 1" } }],
    },
  },
  invoke: ({ q }) => messages.text(`searched ${q ?? ""}`),
});

const toolProvider = defineToolProvider({
  identity: {
    author: "acme",
    name: "acme_search",
    label: "Acme search",
    description: "Search",
    icon: "icon.svg",
  },
  oauth: oauthHooks,
  tools: [search],
});

const webhook = defineEndpoint({
  path: "/callback",
  method: "GET",
  invoke: (request) => Response.json({ code: new URL(request.url).searchParams.get("code") }),
});

const oneShot = defineAgentStrategy({
  identity: { name: "one_shot", label: "One shot" },
  description: "Answers at once.",
  parameters: { query: { type: "string" } },
  invoke: ({ query }) => agentMessages.text(`answered ${query ?? ""}`),
});

const agentProvider = defineAgentStrategyProvider({
  identity: { author: "acme", name: "acme_agent", description: "An agent", icon: "icon.svg" },
  strategies: [oneShot],
});

const modelProvider = defineModelProvider({
  provider: { name: "acme_models", label: "Acme models", iconSmall: "icon.svg" },
  credentials: { provider: { api_key: { type: "secret-input", label: "API key", required: true } } },
  models: [
    defineLLM({
      models: [{ model: "llm", model_properties: { mode: "chat", context_size: 4096 } }],
      invoke: () => ({ content: "hello", usage: { prompt_tokens: 1, completion_tokens: 1 } }),
      numTokens: () => 1,
      polling: {
        start: () => ({ status: "running", state: { job: "j-1" } }),
        check: () => ({ status: "succeeded", result: { content: "done" } }),
      },
    }),
    defineTextEmbedding({
      models: [{ model: "text-embedding", model_properties: { context_size: 512 } }],
      invoke: (request) => ({ embeddings: request.texts.map(() => [1, 0]) }),
      numTokens: (request) => request.texts.map(() => 1),
    }),
    defineMultimodalEmbedding({
      models: [{ model: "multimodal-embedding" }],
      invoke: (request) => ({ embeddings: request.documents.map(() => [1]) }),
    }),
    defineRerank({
      models: [{ model: "rerank" }],
      invoke: (request) => ({ docs: request.docs.map((_, index) => ({ index, score: 1 })) }),
    }),
    defineMultimodalRerank({
      models: [{ model: "multimodal-rerank" }],
      invoke: (request) => ({ docs: request.docs.map((_, index) => ({ index, score: 1 })) }),
    }),
    defineTTS({
      models: [{ model: "tts", model_properties: { default_voice: "alloy", audio_type: "mp3" } }],
      invoke: () => new Uint8Array([1, 2, 3]),
      voices: () => [{ name: "Alloy", value: "alloy" }],
    }),
    defineSpeech2Text({
      models: [{ model: "speech2text" }],
      invoke: (request) => `${request.audio.byteLength} bytes`,
    }),
    defineModeration({ models: [{ model: "moderation" }], invoke: () => false }),
  ],
});

const crawl = defineWebsiteCrawl({
  identity: { name: "crawl", label: "Crawl" },
  description: "Crawls a site",
  parameters: { url: { type: "string", label: "URL" } },
  crawl: () => ({ status: "completed", web_info_list: [], total: 0, completed: 0 }),
});

const pages = defineOnlineDocument({
  identity: { name: "pages", label: "Pages" },
  description: "Pages of a wiki",
  getPages: () => [],
  getContent: () => ({ content: "# page" }),
});

const drive = defineOnlineDrive({
  identity: { name: "drive", label: "Drive" },
  description: "Files of a drive",
  browse: () => ({ files: [], is_truncated: false, next_page_parameters: null }),
  download: () => ({ bytes: new Uint8Array([1]), fileName: "a.bin", mimeType: "application/octet-stream" }),
});

function datasourceProvider(name: string, datasource: typeof crawl | typeof pages | typeof drive) {
  return defineDatasourceProvider({
    identity: { author: "acme", name, label: name, description: name, icon: "icon.svg" },
    datasources: [datasource],
  });
}

const message = defineTriggerEvent({
  identity: { name: "message", label: "Message" },
  description: "A message arrived",
  parameters: { channel: { type: "dynamic-select", options: () => [{ value: "c-1", label: "Channel 1" }] } },
  invoke: ({ payload }) => ({ text: String(payload.text ?? "") }),
});

const triggerProvider = defineTriggerProvider({
  identity: { author: "acme", name: "acme_hub", label: "Hub", description: "Hub webhooks", icon: "icon.svg" },
  subscriptionSchema: { hook_id: { type: "text-input" } },
  subscribeParameters: {
    repository: { type: "dynamic-select", options: () => [{ value: "r-1", label: "Repository 1" }] },
  },
  oauth: oauthHooks,
  events: [message],
  dispatch: () => ({ events: ["message"] }),
  subscribe: () => ({ properties: { hook_id: "h-1" } }),
  unsubscribe: () => ({ success: true }),
  refresh: ({ subscription }) => ({ properties: subscription.properties }),
});

/** Every kind of plugin the SDK can build, each on its own `Plugin`. */
export function catalogueSubjects(): CatalogueSubject[] {
  return [
    {
      name: "tool provider with OAuth and a dynamic-select parameter (@x/tool)",
      plugin: new Plugin().register(toolProvider),
      aim: () => ({
        provider: "acme_search",
        tool: "search",
        provider_action: "search",
        parameter: "project",
      }),
    },
    {
      name: "endpoint group (@x/endpoint)",
      plugin: new Plugin().register(defineEndpointGroup({ endpoints: [webhook] })),
      aim: () => ({}),
    },
    {
      name: "agent strategy provider (@x/agent)",
      plugin: new Plugin().register(agentProvider),
      aim: () => ({ agent_strategy_provider: "acme_agent", agent_strategy: "one_shot" }),
    },
    {
      name: "model provider with every model type (@x/model)",
      plugin: new Plugin().register(modelProvider),
      // One model per type, named after it: the sample's `model_type` picks it.
      aim: (_type, sample) => ({ provider: "acme_models", model: String(sample.model_type ?? "llm") }),
    },
    ...(
      [
        ["website crawl", crawl],
        ["online document", pages],
        ["online drive", drive],
      ] as const
    ).map(([kind, datasource]) => ({
      name: `${kind} datasource provider (@x/datasource)`,
      plugin: new Plugin().register(datasourceProvider(`acme_${datasource.identity.name}`, datasource)),
      aim: () => ({ provider: `acme_${datasource.identity.name}`, datasource: datasource.identity.name }),
    })),
    {
      name: "trigger provider with subscription and OAuth (@x/trigger)",
      plugin: new Plugin().register(triggerProvider),
      aim: (type) =>
        type === "dynamic_parameter"
          ? { provider: "acme_hub", provider_action: "provider", parameter: "repository" }
          : { provider: "acme_hub", event: "message" },
    },
  ];
}
