export * from "./file-client.js";
export * from "./file-extension.js";
export * from "./file-upload-error.js";
export * from "./multipart.js";
