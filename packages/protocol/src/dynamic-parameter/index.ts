export * from "./options.js";
export * from "./request.js";
