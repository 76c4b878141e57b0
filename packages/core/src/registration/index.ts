export { type I18nInput, type I18nText, I18nTextSchema } from "./i18n.js";
export {
  definePluginManifest,
  PLUGIN_TAGS,
  type PluginManifest,
  type PluginManifestInput,
  PluginManifestSchema,
  type PluginPermissions,
  PluginPermissionsSchema,
  type PluginTag,
} from "./manifest.js";
export {
  ASSET_CHUNK_BYTES,
  type RegistrationFrame,
  type RegistrationFramesInput,
  registrationFrames,
} from "./registration-frames.js";
export { parseRejection } from "./rejection.js";
export {
  EndpointDeclarationSchema,
  IDENTITY_NAME_PATTERN,
  type ProviderConfig,
  ProviderConfigSchema,
  SCOPED_PARAMETER_TYPES,
  TOOL_PARAMETER_FORMS,
  TOOL_PARAMETER_TYPES,
  type ToolDeclaration,
  ToolDeclarationSchema,
  type ToolParameterDeclaration,
  ToolParameterSchema,
  type ToolProviderDeclaration,
  ToolProviderDeclarationSchema,
} from "./tool-provider-declaration.js";
export {
  type AssetsInput,
  assertValidRegistration,
  DECLARATION_KINDS,
  type DeclarationsInput,
  iconReferences,
  MAX_ASSETS_BYTES,
  type RegistrationInput,
  validateRegistration,
} from "./validate-registration.js";
