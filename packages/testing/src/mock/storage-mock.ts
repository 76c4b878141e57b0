import type { InvokeReply } from "@x/protocol";
import { type Fault, fault } from "./fault.js";
import type { MockDify } from "./mock-dify.js";
import type { RecordedCall } from "./recorded-call.js";

/**
 * An in-memory `storage` answer that behaves like the daemon's persistence (§4.8): hex values, the daemon's
 * texts for a missing key, a path-traversal key, a bad hex value and a full quota. `values` holds the bytes.
 */
export class MemoryStorage {
  /** Stored values by key. */
  readonly values = new Map<string, Uint8Array>();
  private readonly quota: number;

  /** `quota`: total bytes allowed (the manifest's `storage.size`); default unlimited. */
  constructor(quota = Number.POSITIVE_INFINITY) {
    this.quota = quota;
  }

  /** Bytes in use. */
  get used(): number {
    let total = 0;
    for (const value of this.values.values()) total += value.byteLength;
    return total;
  }

  /** The answer to one `storage` call (`dify.storage(store)` registers it). */
  readonly answer = (call: RecordedCall<"storage">): InvokeReply<"storage"> | Fault<never> => {
    const { opt, key, value } = call.request as { opt?: unknown; key?: unknown; value?: unknown };
    if (
      typeof key !== "string" ||
      key.length === 0 ||
      !["get", "set", "del", "exist"].includes(String(opt))
    ) {
      return fault.error(
        "unmarshal backwards invoke request failed: error validating struct: Key: 'InvokeStorageRequest' failed",
      );
    }
    if (isTraversal(key)) return fault.error("invalid key: path traversal attempt detected");
    switch (opt) {
      case "get": {
        const stored = this.values.get(key);
        if (!stored)
          return fault.error("load data failed, please check if the key is correct or you have not set it");
        return { data: Buffer.from(stored).toString("hex") };
      }
      case "set": {
        if (typeof value !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(value)) {
          return fault.error("decode data failed: encoding/hex: invalid byte");
        }
        if (Buffer.byteLength(key) > 256)
          return fault.error("save data failed: key length must be less than 256 characters");
        const bytes = new Uint8Array(Buffer.from(value, "hex"));
        const previous = this.values.get(key)?.byteLength ?? 0;
        if (this.used - previous + bytes.byteLength > this.quota) {
          return fault.error("save data failed: allocated size is greater than max storage size");
        }
        this.values.set(key, bytes);
        return { data: "ok" };
      }
      case "del":
        return { data: "ok", deleted_num: this.values.delete(key) ? 1 : 0 };
      default: {
        const exists = this.values.has(key);
        return { data: exists, exist_num: exists ? 1 : 0 };
      }
    }
  };

  /** Registers this store as the `storage` answer of `dify`. */
  install(dify: MockDify): this {
    dify.storage(this);
    return this;
  }
}

function isTraversal(key: string): boolean {
  const cleaned = key.replace(/\/{2,}/g, "/");
  return cleaned.includes("..") || cleaned.includes("\\");
}
