// @x/model/openai-compatible: a client for any OpenAI-compatible server, answering in Dify's result shapes.
export * from "./chat.js";
export * from "./client.js";
export type { CallOptions, OpenAICompatibleConnection } from "./http.js";
export { serverError } from "./http.js";
export * from "./provider.js";
export { sseData } from "./sse.js";
export * from "./usage.js";
