export * from "./encode-frame.js";
export * from "./frame-writer.js";
export * from "./frames.js";
export * from "./limits.js";
export * from "./line-decoder.js";
