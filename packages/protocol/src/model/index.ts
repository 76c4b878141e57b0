export * from "./invocations.js";
export * from "./llm-result.js";
export * from "./prompt-message.js";
export * from "./usage.js";
