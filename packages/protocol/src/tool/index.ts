export * from "./dify-file.js";
export * from "./request.js";
export * from "./tool-provider-declaration.js";
