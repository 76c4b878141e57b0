import { ConnectionClosedError, FrameTooLargeError, InMemoryTransport } from "@x/core";
import { describe, expect, it } from "vitest";
import { linkedRuntime, requestFrame } from "./support/linked-runtime.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("InMemoryTransport", () => {
  it("delivers frames through the real codec, in order, only after start", async () => {
    const { plugin, daemon } = InMemoryTransport.createLinkedPair();
    const seen: unknown[] = [];
    plugin.onmessage = (frame) => seen.push(frame);
    await daemon.start();
    await daemon.send({ n: 1 });
    daemon.sendRaw('{"n":2}\n{"n"');
    daemon.sendRaw(":3}\n");
    await tick();
    expect(seen).toEqual([]);
    await plugin.start();
    await tick();
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it("holds frames while paused and delivers them on resume", async () => {
    const { plugin, daemon } = InMemoryTransport.createLinkedPair();
    const seen: unknown[] = [];
    plugin.onmessage = (frame) => {
      seen.push(frame);
      if (seen.length === 2) plugin.pause();
    };
    await plugin.start();
    await daemon.start();
    for (let n = 0; n < 5; n++) await daemon.send({ n });
    await tick();
    expect(seen).toHaveLength(2);
    plugin.resume();
    await tick();
    expect(seen).toHaveLength(5);
  });

  it("applies the plugin's 5 MiB outbound limit and reports bad inbound lines to onerror", async () => {
    const { plugin, daemon } = InMemoryTransport.createLinkedPair({ plugin: { maxOutboundLine: 32 } });
    const errors: Error[] = [];
    plugin.onerror = (error) => errors.push(error);
    await plugin.start();
    await daemon.start();
    await expect(
      plugin.send({ event: "error", session_id: null, data: { error: "x".repeat(64) } }),
    ).rejects.toSatisfy(FrameTooLargeError.isInstance);
    daemon.sendRaw("nope\n");
    await tick();
    expect(errors).toHaveLength(1);
  });

  it("closes both ends and rejects later sends with ConnectionClosedError", async () => {
    const { plugin, daemon } = InMemoryTransport.createLinkedPair();
    let closed = 0;
    daemon.onclose = () => closed++;
    await plugin.start();
    await daemon.start();
    await plugin.close();
    await tick();
    expect(closed).toBe(1);
    await expect(daemon.send({})).rejects.toSatisfy(ConnectionClosedError.isInstance);
  });

  it("on a dropped connection the runtime fails in-flight calls and never answers the old sessions", async () => {
    let failure: unknown;
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async (session) => {
        try {
          await session.invoke("tool", {}).toArray();
        } catch (error) {
          failure = error;
        }
        return "late";
      }),
    );
    await h.send(requestFrame("old", {}));
    await h.until(() => h.invokes().length === 1);
    h.daemon.drop();
    await tick();
    expect(ConnectionClosedError.isInstance(failure)).toBe(true);
    expect(h.sessionFrames("old").map((f) => f.data.type)).toEqual(["invoke"]);
    expect(h.runtime.stats()).toMatchObject({ inFlight: 0, sessions: 0 });
  });
});
