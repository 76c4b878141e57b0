export * from "./declaration.js";
export * from "./http.js";
export * from "./reply.js";
export * from "./request.js";
export * from "./settings.js";
