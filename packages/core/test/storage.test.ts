import {
  AbortedError,
  InvocationError,
  InvocationTimeoutError,
  PermissionDeniedError,
  ProtocolError,
  StorageSizeLimitError,
  ValidationError,
} from "@x/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Reply, type ReverseCall, startSessionRunner as start } from "./support/session-runner.js";

/** An in-memory store that answers like the daemon's persistence (§4.8), with a quota in bytes. */
function daemonStore(quota = Number.POSITIVE_INFINITY) {
  const values = new Map<string, string>();
  const used = () => [...values.values()].reduce((sum, hex) => sum + hex.length / 2, 0);
  return (call: ReverseCall, reply: Reply) => {
    const { opt, key, value } = call.request;
    if (typeof key !== "string" || key.length === 0 || !["get", "set", "del", "exist"].includes(opt)) {
      reply.error("unmarshal backwards invoke request failed: error validating struct");
    } else if (opt === "get") {
      if (values.has(key)) reply.response({ data: values.get(key) });
      else reply.error("load data failed, please check if the key is correct or you have not set it");
    } else if (opt === "set") {
      if (!/^([0-9a-f]{2})*$/.test(value)) reply.error("decode data failed: encoding/hex: invalid byte");
      else if (used() + value.length / 2 > quota)
        reply.error("save data failed: allocated size is greater than max storage size");
      else {
        values.set(key, value);
        reply.response({ data: "ok" });
      }
    } else if (opt === "del") {
      const had = values.delete(key);
      reply.response({ data: "ok", deleted_num: had ? 1 : 0 });
    } else {
      reply.response({ data: values.has(key), exist_num: values.has(key) ? 1 : 0 });
    }
    reply.end();
  };
}

describe("session.storage", () => {
  it("round-trips bytes through set, exist, get and delete with hex on the wire", async () => {
    const h = await start(daemonStore());
    const value = new Uint8Array([0, 1, 127, 128, 255]);
    const result = await h.run(async (session) => {
      await session.storage.set("cache/answer", value);
      const exists = await session.storage.exist("cache/answer");
      const read = await session.storage.get("cache/answer");
      await session.storage.delete("cache/answer");
      const after = await session.storage.exist("cache/answer");
      return { exists, read, after };
    });
    expect(result.exists).toBe(true);
    expect(result.read).toEqual(value);
    expect(result.after).toBe(false);
    expect(h.calls.map((c) => c.type)).toEqual(["storage", "storage", "storage", "storage", "storage"]);
    // Exactly the Python SDK's payloads (invocations/storage.py): opt, key, and hex value for set.
    expect(h.calls.map((c) => c.request)).toEqual([
      { opt: "set", key: "cache/answer", value: "00017f80ff" },
      { opt: "exist", key: "cache/answer" },
      { opt: "get", key: "cache/answer" },
      { opt: "del", key: "cache/answer" },
      { opt: "exist", key: "cache/answer" },
    ]);
  });

  it("returns null for a key that was never set, like the Python SDK", async () => {
    const h = await start(daemonStore());
    expect(await h.run((session) => session.storage.get("missing"))).toBeNull();
  });

  it("stores strings as UTF-8 and reads them back with getText", async () => {
    const h = await start(daemonStore());
    const text = await h.run(async (session) => {
      await session.storage.set("greeting", "héllo ✓");
      return session.storage.getText("greeting");
    });
    expect(text).toBe("héllo ✓");
    expect(h.calls[0]?.request.value).toBe(Buffer.from("héllo ✓").toString("hex"));
  });

  it("turns the daemon's quota error into StorageSizeLimitError naming the manifest setting", async () => {
    const h = await start(daemonStore(4));
    const error = await h
      .run((session) => session.storage.set("big", new Uint8Array(10)))
      .catch((e: unknown) => e);
    expect(StorageSizeLimitError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(InvocationError);
    const limit = error as StorageSizeLimitError;
    expect(limit.code).toBe("DIFY_ERR_STORAGE_SIZE_LIMIT");
    expect(limit.key).toBe("big");
    expect(limit.valueBytes).toBe(10);
    expect(limit.message).toContain("resource.permission.storage.size");
    expect(limit.message).toContain("PERSISTENCE_STORAGE_MAX_SIZE");
    expect(limit.daemonMessage).toBe("save data failed: allocated size is greater than max storage size");
  });

  it.each([
    ["", "non-empty"],
    ["k".repeat(257), "at most 256"],
    ["é".repeat(129), "at most 256"],
    ["../secrets", "path traversal"],
    ["a/../../b", "path traversal"],
    ["a\\b", "path traversal"],
    ["a..b", "path traversal"],
  ])("rejects key %j before sending anything (%s)", async (key, text) => {
    const h = await start(daemonStore());
    const errors = await h.run(async (session) => {
      const results: unknown[] = [];
      for (const op of [
        () => session.storage.get(key),
        () => session.storage.set(key, "x"),
        () => session.storage.delete(key),
        () => session.storage.exist(key),
      ]) {
        results.push(await op().catch((e: unknown) => e));
      }
      return results;
    });
    for (const error of errors) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe("key");
      expect((error as Error).message).toContain(text);
    }
    expect(h.calls).toHaveLength(0);
  });

  it("accepts keys the daemon accepts: 256 bytes, nested paths, a cleaned-away double slash", async () => {
    const h = await start(daemonStore());
    await h.run(async (session) => {
      await session.storage.set("k".repeat(256), "1");
      await session.storage.set("user/42/settings.json", "2");
      await session.storage.set("a//b", "3");
    });
    expect(h.calls.map((c) => c.request.key)).toEqual(["k".repeat(256), "user/42/settings.json", "a//b"]);
  });

  it("surfaces a permission denial as PermissionDeniedError naming storage", async () => {
    const h = await start((_call, reply) => {
      reply.error("permission denied, you need to enable storage access in plugin manifest");
      reply.end();
    });
    const error = await h.run((session) => session.storage.exist("k")).catch((e: unknown) => e);
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect((error as PermissionDeniedError).permission).toBe("storage");
  });

  it("fails with ProtocolError when the daemon's reply has the wrong shape or is missing", async () => {
    let mode = 0;
    const h = await start((_call, reply) => {
      if (mode === 0) reply.response({ data: 42 });
      if (mode === 1) reply.response({ data: "zz" });
      reply.end();
    });
    const shape = await h.run((session) => session.storage.exist("k")).catch((e: unknown) => e);
    expect(ProtocolError.isInstance(shape)).toBe(true);
    const badHex = await h.run((session) => session.storage.get("k")).catch((e: unknown) => e);
    expect(ProtocolError.isInstance(badHex)).toBe(true);
    mode = 2;
    const none = await h.run((session) => session.storage.delete("k")).catch((e: unknown) => e);
    expect(ProtocolError.isInstance(none)).toBe(true);
    expect((none as Error).message).toContain("without a reply");
  });

  it("times out with InvocationTimeoutError when the daemon never answers, and the session still ends", async () => {
    const h = await start(() => {});
    const error = await h
      .run((session) => session.storage.get("k", { timeout: 50 }))
      .catch((e: unknown) => e);
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect((error as InvocationTimeoutError).timer).toBe("total");
    await expect.poll(() => h.ended).toEqual(["s1"]);
    expect(h.runtime.stats().inFlight).toBe(0);
  });

  it("fails with AbortedError when the caller aborts a pending call", async () => {
    const h = await start(() => {});
    const controller = new AbortController();
    const pending = h.run((session) => {
      const call = session.storage.exist("k", { signal: controller.signal });
      return call;
    });
    await expect.poll(() => h.calls.length).toBe(1);
    controller.abort(new Error("user gave up"));
    const error = await pending.catch((e: unknown) => e);
    expect(AbortedError.isInstance(error)).toBe(true);
  });

  it("has typed results", async () => {
    const h = await start(daemonStore());
    await h.run(async (session) => {
      expectTypeOf(session.storage.get("k")).resolves.toEqualTypeOf<Uint8Array | null>();
      expectTypeOf(session.storage.exist("k")).resolves.toEqualTypeOf<boolean>();
      expectTypeOf(session.storage.set).parameter(1).toEqualTypeOf<Uint8Array | string>();
      await Promise.allSettled([]);
    });
  });
});
