export * from "./declaration.js";
export * from "./reply.js";
export * from "./request.js";
