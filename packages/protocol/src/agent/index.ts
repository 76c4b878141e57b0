export * from "./declaration.js";
export * from "./message.js";
export * from "./parameter-values.js";
export * from "./request.js";
