export * from "./manifest.js";
export * from "./registration-frames.js";
export * from "./rejection.js";
export * from "./remote-registration.js";
export * from "./validate-registration.js";
export * from "./zod-issues.js";
