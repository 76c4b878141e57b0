export * from "./decoded-stream.js";
export * from "./failed-stream.js";
export * from "./invocation-engine.js";
export * from "./invocation-stream.js";
export * from "./invoke-options.js";
export * from "./one-shot-call.js";
export * from "./pending-invocation.js";
