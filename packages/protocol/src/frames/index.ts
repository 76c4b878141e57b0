export * from "./backwards-response-frame.js";
export * from "./inbound-frame.js";
export * from "./outbound-frame.js";
export * from "./request-frame.js";
export * from "./session-message.js";
