import { posix } from "node:path";
import { MAX_STORAGE_KEY_BYTES } from "@x/protocol";
import { ValidationError } from "../errors/validation-error.js";

/**
 * Checks a storage key against the daemon's rules before it is sent (§4.8): non-empty, at most 256 bytes, and
 * after cleaning the path no `..`, `//` or `\` (the daemon answers `invalid key: path traversal attempt detected`).
 */
export function validateStorageKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key.length === 0) {
    throw new ValidationError("storage key must be a non-empty string", { field: "key" });
  }
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > MAX_STORAGE_KEY_BYTES) {
    throw new ValidationError(
      `storage key is ${bytes} bytes; the daemon accepts at most ${MAX_STORAGE_KEY_BYTES}`,
      {
        field: "key",
      },
    );
  }
  // Same order as the daemon: clean first, then look for traversal markers in what is left.
  const cleaned = posix.normalize(key);
  if (cleaned.includes("..") || cleaned.includes("//") || cleaned.includes("\\")) {
    throw new ValidationError(
      `storage key ${JSON.stringify(key)} looks like a path traversal ("..", "//" or "\\"); the daemon refuses it`,
      { field: "key" },
    );
  }
}
