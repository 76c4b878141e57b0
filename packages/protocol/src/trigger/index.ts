export * from "./declaration.js";
export * from "./http-response.js";
export * from "./reply.js";
export * from "./request.js";
export * from "./subscription.js";
