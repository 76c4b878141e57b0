import { defineSessionExtension } from "@x/core";
import type { SessionBase } from "@x/core/internal";
import { LLMClient } from "./llm-client.js";
import { type OneShotClients, oneShotClients } from "./one-shot-clients.js";
import { StructuredOutputClient } from "./structured-output-client.js";
import { TTSClient } from "./tts-client.js";

/**
 * Every model a plugin can reverse-invoke, as `session.model.*`. Each needs its `resource.permission.model.*`.
 * The streaming calls are classes (`llm`, `llmStructuredOutput`, `tts`); the request/reply ones are rows of
 * {@link ONE_SHOT_CALLS} (`textEmbedding`, `multimodalEmbedding`, `rerank`, `multimodalRerank`, `speech2text`,
 * `moderation`, `summary`).
 */
export type ModelClient = OneShotClients & {
  /** Chat and completion models (`model.llm`). */
  readonly llm: LLMClient;
  /** LLM answers constrained to a JSON schema (`model.llm`). */
  readonly llmStructuredOutput: StructuredOutputClient;
  /** Text to speech (`model.tts`). */
  readonly tts: TTSClient;
};

/** Builds `session.model` for one session. */
export function createModelClient(session: Pick<SessionBase, "invoke">): ModelClient {
  return {
    ...oneShotClients(session),
    llm: new LLMClient(session),
    llmStructuredOutput: new StructuredOutputClient(session),
    tts: new TTSClient(session),
  };
}

/** `session.model`: add it to a tool's `uses` (or `plugin.use(modelExtension)`) and enable the models in the manifest. */
export const modelExtension = defineSessionExtension({
  name: "model",
  exportName: "modelExtension",
  packageName: "@x/model",
  create: createModelClient,
});
