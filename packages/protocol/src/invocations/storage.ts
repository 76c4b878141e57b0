import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

// `storage` reverse calls (§4.4, §4.8): one key-value operation per call; values travel as hex.

/** The `request` of a `storage` call: `get`, `set` (hex `value`), `del` or `exist` of one key. */
export const StorageRequestSchema = lazySchema(() =>
  z.discriminatedUnion("opt", [
    z.object({ opt: z.literal("get"), key: z.string() }),
    z.object({ opt: z.literal("set"), key: z.string(), value: z.string() }),
    z.object({ opt: z.literal("del"), key: z.string() }),
    z.object({ opt: z.literal("exist"), key: z.string() }),
  ]),
);

/** The `request` of a `storage` call. */
export type StorageRequest = z.infer<typeof StorageRequestSchema>;

/** Reply to `get`: the value as hex. */
export const StorageGetReplySchema = lazySchema(() => z.object({ data: z.string() }));

/** Reply to `set` and `del`. */
export const StorageOkReplySchema = lazySchema(() =>
  z.object({ data: z.literal("ok"), deleted_num: z.number().optional() }),
);

/** Reply to `exist`. */
export const StorageExistReplySchema = lazySchema(() =>
  z.object({ data: z.boolean(), exist_num: z.number().optional() }),
);

/** Any `storage` reply item. */
export const StorageReplySchema = lazySchema(() =>
  z.union([StorageGetReplySchema, StorageOkReplySchema, StorageExistReplySchema]),
);

/** One `storage` reply item. */
export type StorageReply = z.infer<typeof StorageReplySchema>;

/** The daemon's text for `get` of a key that was never set (the Python SDK turns it into `None`). */
export const STORAGE_MISSING_KEY_TEXT = "load data failed, please check if the key is correct";

/** Longest storage key the daemon accepts, in bytes. */
export const MAX_STORAGE_KEY_BYTES = 256;
