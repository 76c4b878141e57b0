export * from "./error-payload.js";
export * from "./plugin.js";
export * from "./runtime.js";
export * from "./session.js";
export * from "./session-base.js";
export * from "./session-extension.js";
