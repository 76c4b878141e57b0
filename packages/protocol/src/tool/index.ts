export * from "./tool-provider-declaration.js";
