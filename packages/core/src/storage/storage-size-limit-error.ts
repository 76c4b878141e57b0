import { brandError } from "../errors/brand.js";
import { InvocationError, type InvocationErrorDetails } from "../errors/invocation-error.js";

/** The daemon's text when a `set` would exceed the plugin's storage quota. */
export const STORAGE_SIZE_LIMIT_TEXT = "allocated size is greater than max storage size";

/**
 * A `storage.set` was refused because the plugin's storage is full. The quota is `resource.permission.storage.size`
 * in the manifest, itself capped by the daemon's `PERSISTENCE_STORAGE_MAX_SIZE` (default 100 MiB).
 */
export class StorageSizeLimitError extends InvocationError {
  /** The key whose value did not fit. */
  readonly key: string;
  /** Size of the refused value, in bytes. */
  readonly valueBytes: number;

  constructor(details: InvocationErrorDetails & { key: string; valueBytes: number }) {
    super(details, { code: "DIFY_ERR_STORAGE_SIZE_LIMIT" });
    this.key = details.key;
    this.valueBytes = details.valueBytes;
    this.message =
      `storage set of ${JSON.stringify(details.key)} (${details.valueBytes} bytes) refused: the plugin's storage ` +
      "quota is used up. Raise `resource.permission.storage.size` in the plugin manifest (the daemon also caps " +
      `every plugin at PERSISTENCE_STORAGE_MAX_SIZE, default 100 MiB) or delete unused keys. Daemon said: ${details.daemonMessage}`;
  }

  /** True when `text` is the daemon's storage-quota error. */
  static matches(text: string): boolean {
    return text.includes(STORAGE_SIZE_LIMIT_TEXT);
  }
}

brandError(StorageSizeLimitError, "StorageSizeLimitError");
