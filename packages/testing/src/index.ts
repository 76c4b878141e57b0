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
  DaemonRequestTimeoutError,
  NotMockedError,
  PluginLaunchError,
  RegistrationFailedError,
} from "./errors/index.js";
export * from "./fake-openai/index.js";
export { decodeToolMessages, textOf } from "./harness/decode-tool-messages.js";
export {
  type EndpointFetchOptions,
  type InvokeToolOptions,
  PluginConnection,
  type ToolRunResult,
} from "./harness/plugin-connection.js";
export {
  createSessionHarness,
  SessionHarness,
  type SessionHarnessOptions,
  type SessionRunOptions,
} from "./harness/session-harness.js";
export { createTestHarness, TestHarness, type TestHarnessOptions } from "./harness/test-harness.js";
export * from "./mock/index.js";
