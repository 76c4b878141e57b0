export * from "./errors.js";
export * from "./provider-hooks.js";
