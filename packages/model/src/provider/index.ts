export {
  type CredentialFieldInput,
  type CredentialFieldsInput,
  type ModelInput,
  type ShowOnInput,
  toI18n,
} from "./declarations.js";
export {
  DECLARED_MODEL_TYPE,
  defineModelProvider,
  ModelProvider,
  type ModelProviderContext,
  type ModelProviderDefinitionInput,
} from "./define-model-provider.js";
export * from "./define-models.js";
export * from "./invoke-errors.js";
export type {
  ContentPartInput,
  EmbeddingUsageInput,
  LLMChunkInput,
  ToolCallInput,
  UsageInput,
} from "./replies.js";
export { splitSpeechText } from "./split-speech-text.js";
