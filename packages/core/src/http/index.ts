export * from "./decode-request.js";
export * from "./encode-response.js";
export * from "./raw-http-request-error.js";
