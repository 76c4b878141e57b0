export { bytesToHex, hexToBytes } from "./hex.js";
export { StorageClient, type StorageInvoker } from "./storage-client.js";
export { MAX_STORAGE_KEY_BYTES, validateStorageKey } from "./storage-key.js";
export { STORAGE_SIZE_LIMIT_TEXT, StorageSizeLimitError } from "./storage-size-limit-error.js";
