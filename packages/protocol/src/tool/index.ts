export * from "./request.js";
export * from "./tool-provider-declaration.js";
