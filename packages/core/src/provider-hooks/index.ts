export * from "./errors.js";
export * from "./provider-hooks.js";
export * from "./provider-oauth.js";
