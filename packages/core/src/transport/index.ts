export * from "./in-memory-transport.js";
export * from "./serverless/serverless-transport.js";
export * from "./serverless/transaction-client.js";
export * from "./stdio-transport.js";
export * from "./tcp/backoff.js";
export * from "./tcp/tcp-transport.js";
export * from "./transport.js";
