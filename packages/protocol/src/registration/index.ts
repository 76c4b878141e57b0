export * from "./declaration-kind.js";
export * from "./manifest.js";
export * from "./provider-config.js";
export * from "./registration-frame.js";
