export * from "./logger.js";
export * from "./secrets.js";
