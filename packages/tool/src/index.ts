// The wire shapes of a tool provider declaration are defined once, in @x/protocol.

export { OAuthError } from "@x/core/internal";
export type {
  ToolDeclaration,
  ToolParameterDeclaration,
  ToolProviderDeclaration,
  ToolProviderType,
} from "@x/protocol";
export { TOOL_PROVIDER_TYPES } from "@x/protocol";
export {
  type InvokeToolArgs,
  type ToolCallOptions,
  ToolClient,
  type ToolInvoker,
} from "./client/tool-client.js";
export { toolExtension } from "./client/tool-extension.js";
export {
  ToolInvocationResult,
  type ToolInvocationResultOptions,
  type ToolResultBlob,
  type ToolResultMessage,
} from "./client/tool-invocation-result.js";
export { ToolCredentialsError } from "./errors/tool-credentials-error.js";
export { ToolNotFoundError } from "./errors/tool-not-found-error.js";
export { ToolParameterError } from "./errors/tool-parameter-error.js";
export { ToolResultConsumedError } from "./errors/tool-result-consumed-error.js";
export type {
  CredentialField,
  CredentialFieldDeclaration,
  CredentialFieldType,
  CredentialFieldValue,
  CredentialsSchemaInput,
  CredentialValuesOf,
} from "./provider/credentials-schema.js";
export {
  type AnyToolDefinition,
  type CredentialType,
  defineTool,
  type RuntimeParametersContext,
  type ToolContext,
  type ToolDefinition,
  type ToolDefinitionInput,
  type ToolDescriptionInput,
  type ToolInvokeReturn,
} from "./provider/define-tool.js";
export {
  type CredentialsValidationContext,
  defineToolProvider,
  ToolProvider,
  type ToolProviderDefinitionInput,
  type ToolProviderTag,
} from "./provider/define-tool-provider.js";
export { DIFY_FILE_IDENTITY, type DifyFile, DifyFileSchema, isDifyFileObject } from "./provider/dify-file.js";
export { type I18nInput, type I18nObject, toI18n } from "./provider/i18n.js";
export type {
  AnyParameter,
  AppSelectorParameter,
  AppSelectorValue,
  ArrayParameter,
  BooleanParameter,
  DynamicSelectContext,
  DynamicSelectOption,
  DynamicSelectParameter,
  FileParameter,
  FilesParameter,
  ModelSelectorParameter,
  ModelSelectorValue,
  NumberParameter,
  ObjectParameter,
  ParameterDefinition,
  ParameterDefinitions,
  ParameterForm,
  ParameterValue,
  SelectOption,
  SelectParameter,
  StringParameter,
  ToolParameters,
} from "./provider/parameter-definition.js";
export { parseToolParameters } from "./provider/parse-parameters.js";
export {
  type FinishLogOptions,
  type LogEntry,
  type LogOptions,
  type MessageMeta,
  messages,
  type OutgoingToolMessage,
} from "./provider/tool-messages.js";
export type {
  ToolOAuthCallbackContext,
  ToolOAuthContext,
  ToolOAuthCredentials,
  ToolOAuthDefinition,
  ToolOAuthRefreshContext,
  ToolOAuthRefreshed,
} from "./provider/tool-oauth.js";
