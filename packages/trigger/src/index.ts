// The wire shapes of triggers (requests, replies, declarations, the raw HTTP response) live in @x/protocol.

export { OAuthError } from "@x/core/internal";
export type {
  EventDeclaration,
  HttpResponseParts,
  TriggerProviderDeclaration,
  TriggerSubscription,
} from "@x/protocol";
export { SUBSCRIPTION_NEVER_EXPIRES, serializeHttpResponse, serializeHttpResponseHex } from "@x/protocol";
export {
  type AnyTriggerEvent,
  type CredentialType,
  defineTriggerEvent,
  type EventVariables,
  type TriggerEventContext,
  type TriggerEventDefinition,
  type TriggerEventDefinitionInput,
} from "./define-trigger-event.js";
export {
  type DispatchContext,
  type DispatchResult,
  defineTriggerProvider,
  type RefreshOutcome,
  type SubscribeContext,
  type SubscribeResult,
  type Subscription,
  type SubscriptionContext,
  type TriggerOAuthDefinition,
  TriggerProvider,
  type TriggerProviderContext,
  type TriggerProviderDefinitionInput,
  type TriggerProviderIdentityInput,
  type TriggerProviderTag,
  type UnsubscribeOutcome,
} from "./define-trigger-provider.js";
export {
  EventIgnoredError,
  TriggerCredentialsError,
  TriggerNotFoundError,
  TriggerOutputError,
  TriggerSubscriptionError,
  WebhookRejectedError,
  WebhookSignatureError,
} from "./errors.js";
export type {
  DynamicOption,
  DynamicOptionsContext,
  DynamicOptionsFunction,
  DynamicSelectEventParameterDefinition,
  EventParameterBase,
  EventParameterDefinition,
  EventParameterDefinitions,
  EventParameterValue,
  EventParameterValues,
  StaticEventParameterDefinition,
} from "./event-parameters.js";
export type { FormField, FormFieldValue, FormSchema, FormValues } from "./forms.js";
export {
  assertWebhookSignature,
  signWebhook,
  type VerifyWebhookSignatureOptions,
  verifyWebhookSignature,
  type WebhookSignatureAlgorithm,
  type WebhookSignatureCheck,
  type WebhookSignatureEncoding,
  type WebhookSignatureScheme,
} from "./signature.js";
