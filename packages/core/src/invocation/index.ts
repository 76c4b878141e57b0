export { InvocationEngine, type InvocationEngineOptions, type InvocationStats } from "./invocation-engine.js";
export type { InvocationStream } from "./invocation-stream.js";
export { DEFAULT_IDLE_TIMEOUT_MS, type InvokeOptions } from "./invoke-options.js";
