// @x/core/internal: what the SDK's own packages (@x/tool, @x/node, @x/model, @x/app, @x/testing, @x/cli, ...)
// build on: the reverse-call engine, the codec and frame builders, validation helpers, blob chunking, the error
// brand, registration helpers and every transport detail. It is a superset of the root export. Plugin code should
// not need it; its names may change between minor versions.
export * from "./codec/index.js";
export * from "./config/index.js";
export * from "./errors/index.js";
export * from "./file/index.js";
export * from "./forms/index.js";
export * from "./http/index.js";
export * from "./invocation/index.js";
export * from "./logger/index.js";
export * from "./messages/index.js";
export * from "./provider-hooks/index.js";
export * from "./registration/index.js";
export * from "./run-plugin.js";
export * from "./runtime/index.js";
export * from "./storage/index.js";
export * from "./transport/index.js";
export * from "./validation/index.js";
