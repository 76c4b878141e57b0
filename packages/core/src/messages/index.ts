export * from "./blob-assembler.js";
export * from "./blob-errors.js";
export * from "./chunk-blob.js";
export * from "./parse-tool-message.js";
