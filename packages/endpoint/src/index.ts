// Wire shapes of endpoint calls (the request, the reply items, the declaration, setting values) live in @x/protocol.
export type {
  AppSelectorValue,
  EndpointDeclaration,
  EndpointMethod,
  ModelSelectorValue,
  ToolSelectorValue,
} from "@x/protocol";
export {
  type AnyEndpointDefinition,
  defineEndpoint,
  type EndpointContext,
  type EndpointDefinition,
  type EndpointDefinitionInput,
  type EndpointReturn,
} from "./define-endpoint.js";
export {
  defineEndpointGroup,
  EndpointGroup,
  type EndpointGroupDefinitionInput,
} from "./define-endpoint-group.js";
export { EndpointResponseError, EndpointSettingsError } from "./errors.js";
export { matchEndpoint } from "./handle-endpoint.js";
export { decodePathname, type PathParamNames, type PathParams } from "./path-pattern.js";
export {
  defineEndpointSettings,
  type EndpointSettings,
  maskSettings,
  SETTING_MASK,
  type SettingField,
  type SettingsSchema,
  type SettingType,
  type SettingValue,
} from "./settings.js";
