export * from "./class-config.js";
export * from "./model-config.js";
export * from "./node-response.js";
export * from "./parameter-config.js";
export * from "./parameter-extractor-request.js";
export * from "./query.js";
export * from "./question-classifier-request.js";
