import {
  STORAGE_MISSING_KEY_TEXT,
  StorageExistReplySchema,
  StorageGetReplySchema,
  StorageOkReplySchema,
  type StorageRequest,
} from "@x/protocol";
import type { z } from "zod";
import { InvocationError } from "../errors/invocation-error.js";
import type { InvokeOptions } from "../invocation/invoke-options.js";
import type { SessionBase } from "../runtime/session-base.js";
import { invokeOne } from "../validation/invoke-one.js";
import { bytesToHex, hexToBytes } from "./hex.js";
import { validateStorageKey } from "./storage-key.js";
import { StorageSizeLimitError } from "./storage-size-limit-error.js";

/** What the storage client needs from a session: the reverse-call entry point. */
export type StorageInvoker = Pick<SessionBase, "invoke">;

/**
 * The plugin's persistent key-value store, kept by the daemon per tenant and plugin (`storage` reverse call).
 * Values are bytes (hex on the wire). Needs `resource.permission.storage.enabled` and a `size` in the manifest.
 */
export class StorageClient {
  private readonly session: StorageInvoker;

  constructor(session: StorageInvoker) {
    this.session = session;
  }

  /** Reads a value; resolves `null` when the key was never set. */
  async get(key: string, options: InvokeOptions = {}): Promise<Uint8Array | null> {
    validateStorageKey(key);
    try {
      const reply = await this.call("get", { opt: "get", key }, StorageGetReplySchema, options);
      return hexToBytes(reply.data, `storage value of ${JSON.stringify(key)}`);
    } catch (error) {
      if (InvocationError.isInstance(error) && error.daemonMessage.includes(STORAGE_MISSING_KEY_TEXT))
        return null;
      throw error;
    }
  }

  /** Reads a value as UTF-8 text; `null` when the key was never set. */
  async getText(key: string, options: InvokeOptions = {}): Promise<string | null> {
    const bytes = await this.get(key, options);
    return bytes === null ? null : Buffer.from(bytes).toString("utf8");
  }

  /** Stores a value (a string is stored as its UTF-8 bytes). Fails with `StorageSizeLimitError` over quota. */
  async set(key: string, value: Uint8Array | string, options: InvokeOptions = {}): Promise<void> {
    validateStorageKey(key);
    const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
    if (!(bytes instanceof Uint8Array)) {
      throw new TypeError("storage value must be a Uint8Array or a string");
    }
    try {
      await this.call("set", { opt: "set", key, value: bytesToHex(bytes) }, StorageOkReplySchema, options);
    } catch (error) {
      if (
        InvocationError.isInstance(error) &&
        !StorageSizeLimitError.isInstance(error) &&
        StorageSizeLimitError.matches(error.daemonMessage)
      ) {
        throw new StorageSizeLimitError({
          invokeType: error.invokeType,
          backwardsRequestId: error.backwardsRequestId,
          daemonMessage: error.daemonMessage,
          key,
          valueBytes: bytes.byteLength,
        });
      }
      throw error;
    }
  }

  /** Deletes a key. Deleting a key that does not exist is not an error on the daemon side. */
  async delete(key: string, options: InvokeOptions = {}): Promise<void> {
    validateStorageKey(key);
    await this.call("del", { opt: "del", key }, StorageOkReplySchema, options);
  }

  /** True when the key holds a value. */
  async exist(key: string, options: InvokeOptions = {}): Promise<boolean> {
    validateStorageKey(key);
    const reply = await this.call("exist", { opt: "exist", key }, StorageExistReplySchema, options);
    return reply.data;
  }

  private call<T>(
    opt: string,
    request: StorageRequest,
    schema: z.ZodType<T>,
    options: InvokeOptions,
  ): Promise<T> {
    return invokeOne(this.session, "storage", request, schema, { ...options, what: `storage ${opt}` });
  }
}
