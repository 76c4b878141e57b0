import { Plugin, type SessionWith, StorageSizeLimitError } from "@x/core";
import { createTestHarness, MemoryStorage, MockDify, useAppDefaults } from "@x/testing";
import { describe, expect, it } from "vitest";
import { appExtension } from "../src/index.js";

async function run(dify: MockDify, body: (session: SessionWith<[typeof appExtension]>) => Promise<unknown>) {
  const plugin = new Plugin().use(appExtension).on("tool", "invoke_tool", async (session) => ({
    type: "json",
    message: { json_object: { value: await body(session) } },
    meta: null,
  }));
  const harness = createTestHarness(plugin, { dify });
  try {
    const result = await harness.invokeTool({ provider: "p", tool: "t" });
    if (result.error) throw new Error(`${result.error.error_type}: ${result.error.message}`);
    return (result.items[0] as { message: { json_object: { value: unknown } } }).message.json_object.value;
  } finally {
    await harness.close();
  }
}

describe("@x/testing app and storage defaults drive the real clients", () => {
  it("app: the daemon mock's agent stream, a blocking answer and fetch_app", async () => {
    const value = await run(useAppDefaults(new MockDify()), async (session) => {
      const streamed = await session.app.chat.invoke({ app_id: "a", query: "q" }).answer();
      const blocking = await session.app.chat.invoke({ app_id: "a", query: "q", response_mode: "blocking" });
      const info = await session.app.fetchApp("a");
      return {
        streamed: streamed.answer,
        tokens: (streamed.metadata.usage as any).total_tokens,
        blocking: blocking.answer,
        info,
      };
    });
    expect(value).toEqual({
      streamed: "なんで春日影やったの",
      tokens: 1168,
      blocking: "なんで春日影やったの",
      info: { name: "test" },
    });
  });

  it("storage: MemoryStorage keeps bytes, reports missing keys and enforces its quota like the daemon", async () => {
    const dify = new MockDify();
    const store = new MemoryStorage(8).install(dify);
    const value = await run(dify, async (session) => {
      await session.storage.set("a", new Uint8Array([1, 2, 3]));
      const read = await session.storage.get("a");
      const missing = await session.storage.get("nope");
      const full = await session.storage.set("b", new Uint8Array(6)).catch((e: unknown) => e);
      await session.storage.delete("a");
      return {
        read: [...(read ?? [])],
        missing,
        full: StorageSizeLimitError.isInstance(full),
        exists: await session.storage.exist("a"),
      };
    });
    expect(value).toEqual({ read: [1, 2, 3], missing: null, full: true, exists: false });
    expect(store.used).toBe(0);
  });
});
