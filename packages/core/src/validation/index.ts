export * from "./describe-issue.js";
export * from "./invoke-one.js";
export * from "./issue-path.js";
export * from "./parse-input.js";
export * from "./parse-reply.js";
export * from "./value-excerpt.js";
