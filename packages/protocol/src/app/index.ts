export * from "./app-event.js";
export * from "./app-params.js";
