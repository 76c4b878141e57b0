export * from "./file.js";
export * from "./invocation-map.js";
export * from "./invoke-types.js";
export * from "./storage.js";
export * from "./tool.js";
export * from "./uploaded-file.js";
