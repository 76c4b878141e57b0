export * from "./dotenv.js";
export * from "./load-config.js";
