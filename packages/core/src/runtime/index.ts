export { toErrorPayload } from "./error-payload.js";
export {
  type DeclarationKind,
  Plugin,
  type PluginComponent,
  type PluginOptions,
  type RequestHandler,
} from "./plugin.js";
export { PluginRuntime, type PluginRuntimeOptions, type RuntimeStats } from "./runtime.js";
export { Session } from "./session.js";
export { defineSessionExtension, type SessionExtension } from "./session-extension.js";
