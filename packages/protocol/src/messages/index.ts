export * from "./invoke-message.js";
