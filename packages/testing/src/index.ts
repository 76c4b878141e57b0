export * from "./cassette/index.js";
export { type AnswersFile, mockDifyFromAnswers } from "./cli/answers-file.js";
export { formatFrame } from "./cli/format-frame.js";
export {
  DaemonPeer,
  type DaemonPeerOptions,
  type DaemonRequestOptions,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type FrameDirection,
  type FrameProblem,
  type SessionEnvelope,
} from "./daemon/daemon-peer.js";
export type { Registration, RegistrationStep } from "./daemon/registration-state.js";
export { RegistrationState } from "./daemon/registration-state.js";
export { CONNECTION_CLOSED_PAYLOAD, type SessionResult } from "./daemon/session-result.js";
export {
  DEFAULT_READY_TIMEOUT_MS,
  type LaunchStdioPluginOptions,
  launchStdioPlugin,
  StdioPluginProcess,
} from "./daemon/stdio-launcher.js";
export { type DaemonLink, StreamLink, type StreamLinkOptions } from "./daemon/stream-link.js";
export {
  type Rejection,
  startTcpFakeDaemon,
  TcpFakeDaemon,
  type TcpFakeDaemonOptions,
  TcpPluginConnection,
} from "./daemon/tcp-fake-daemon.js";
export {
  type DaemonCopyOptions,
  type DaemonIncomingCall,
  daemonRawHttpRequest,
  encodeQuery,
  escapePath,
  GO_DEFAULT_USER_AGENT,
  parseQuery,
  queryEscape,
  rawHttpRequestLikeDaemon,
} from "./endpoint/copy-request.js";
export { answerLikeDaemon, type EndpointSessionRun } from "./endpoint/daemon-answer.js";
export {
  CassetteFormatError,
  CassetteMismatchError,
  CassetteUnusedError,
  DaemonRequestTimeoutError,
  type NearestRecordedCall,
  NotMockedError,
  PluginLaunchError,
  RegistrationFailedError,
} from "./errors/index.js";
export * from "./fake-openai/index.js";
export {
  type AgentLogNode,
  type AgentRunResult,
  type InvokeAgentStrategyOptions,
  invokeAgentStrategy,
  logTree,
} from "./harness/agent-strategy.js";
export {
  type BrowseOptions,
  type BrowseRun,
  type CrawlRun,
  DatasourceDriver,
  type DatasourceParametersOptions,
  type DatasourceProviderOptions,
  type DatasourceRequester,
  type DatasourceRun,
  type DatasourceTargetOptions,
  type DownloadOptions,
  type DownloadRun,
  type MessagesRun,
  type PageContentOptions,
  type PagesRun,
  type ValidateCredentialsRun,
} from "./harness/datasource-driver.js";
export { decodeToolMessages, textOf } from "./harness/decode-tool-messages.js";
export {
  invokeModelAction,
  type ModelActionRun,
  type ModelReplyItem,
  type ModelRequester,
  type ModelRequestInput,
} from "./harness/model-driver.js";
export {
  type EndpointFetchOptions,
  type InvokeToolOptions,
  PluginConnection,
  type ToolRunResult,
} from "./harness/plugin-connection.js";
export {
  defaultRedirectUri,
  type OAuthAuthorizationUrlRun,
  type OAuthCallbackOptions,
  type OAuthCredentialsRun,
  OAuthDriver,
  type OAuthRefreshOptions,
  type OAuthRequestOptions,
  oauthCallbackRequest,
  type ParameterOptionsOptions,
  type ParameterOptionsRun,
} from "./harness/provider-hooks-driver.js";
export {
  createSessionHarness,
  SessionHarness,
  type SessionHarnessOptions,
  type SessionRunOptions,
} from "./harness/session-harness.js";
export { createTestHarness, TestHarness, type TestHarnessOptions } from "./harness/test-harness.js";
export * from "./mock/index.js";
export {
  parseRawHttpResponse,
  rawWebhookRequest,
  rawWebhookRequestHex,
} from "./trigger/raw-webhook.js";
export {
  DEFAULT_TRIGGER_ENDPOINT,
  type DispatchOptions,
  type DispatchRun,
  type FireOptions,
  type FireRun,
  type InvokeEventOptions,
  type SubscribeOptions,
  type SubscriptionInput,
  type SubscriptionOptions,
  TriggerDriver,
  type TriggerRequestOptions,
  type TriggerRun,
  triggerDriver,
} from "./trigger/trigger-driver.js";
