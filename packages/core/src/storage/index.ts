export * from "./hex.js";
export * from "./storage-client.js";
export * from "./storage-extension.js";
export * from "./storage-key.js";
export * from "./storage-size-limit-error.js";
