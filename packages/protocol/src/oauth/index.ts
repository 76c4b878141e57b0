export * from "./reply.js";
export * from "./request.js";
export * from "./schema.js";
