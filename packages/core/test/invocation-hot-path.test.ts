// The per-call machinery kept lean for pipelined reverse calls: one idle timer shared by every call in flight, and
// `toArray()` collecting without a promise per item. These pin down that the behaviour stayed what it was.
import { InvocationTimeoutError } from "@x/core";
import { InvocationEngine } from "@x/core/internal";
import { afterEach, describe, expect, it, vi } from "vitest";

function engine(options: Partial<ConstructorParameters<typeof InvocationEngine>[0]> = {}) {
  const e = new InvocationEngine({ send: async () => undefined, ...options });
  const respond = (id: string, event: "response" | "error" | "end", data: unknown = null, message = "") =>
    e.handle({ backwards_request_id: id, event, message, data }, 100);
  return { e, respond };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the shared idle sweep", () => {
  it("arms one timer for a thousand calls in flight, fails only the silent ones on time, and leaves none behind", async () => {
    vi.useFakeTimers();
    const { e, respond } = engine();
    const calls = Array.from({ length: 1000 }, () => e.invoke("s", "tool", {}, { idleTimeout: 1000 }));
    const results = calls.map((call) => call.toArray().catch((error: unknown) => error));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(600);
    // Every even call hears from the daemon: its idle period starts over at 600 ms.
    calls.forEach((call, i) => {
      if (i % 2 === 0) respond(call.id, "response", i);
    });
    await vi.advanceTimersByTimeAsync(400);
    expect(e.stats().inFlight).toBe(500);
    await vi.advanceTimersByTimeAsync(599);
    expect(e.stats().inFlight).toBe(500);
    await vi.advanceTimersByTimeAsync(1);
    const settled = await Promise.all(results);
    expect(settled.every((error) => InvocationTimeoutError.isInstance(error))).toBe(true);
    expect(settled[1]).toMatchObject({ timer: "idle", ms: 1000, backwardsRequestId: calls[1]!.id });
    expect(e.stats().inFlight).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("honours each call's own idle timeout, whichever was started first", async () => {
    vi.useFakeTimers();
    const { e } = engine();
    const slow = e.invoke("s", "tool", {}, { idleTimeout: 5000 });
    const quick = e.invoke("s", "tool", {}, { idleTimeout: 200 });
    const none = e.invoke("s", "tool", {}, { idleTimeout: 0 });
    const quickFailed = quick.toArray().catch((error: unknown) => error);
    const slowFailed = slow.toArray().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(200);
    expect(await quickFailed).toMatchObject({ timer: "idle", ms: 200 });
    expect(e.stats().inFlight).toBe(2);
    await vi.advanceTimersByTimeAsync(4800);
    expect(await slowFailed).toMatchObject({ timer: "idle", ms: 5000 });
    // No idle timeout: the call waits as long as the connection lives, with no timer armed for it.
    expect(e.stats().inFlight).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    e.failAll(new Error("closing"));
    await expect(none.toArray()).rejects.toThrow("closing");
  });

  it("clears the timer when the last call ends and arms it again for the next one", async () => {
    vi.useFakeTimers();
    const { e, respond } = engine();
    const first = e.invoke("s", "tool", {}, { idleTimeout: 1000 });
    respond(first.id, "end");
    expect(await first.toArray()).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    const second = e.invoke("s", "tool", {}, { idleTimeout: 1000 });
    const failed = second.toArray().catch((error: unknown) => error);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await failed).toMatchObject({ timer: "idle", ms: 1000 });
  });
});

describe("toArray()", () => {
  it("returns items that were buffered before it was called, then the ones that follow", async () => {
    const { e, respond } = engine();
    const call = e.invoke<number>("s", "tool", {});
    respond(call.id, "response", 1);
    respond(call.id, "response", 2);
    expect(e.stats().bufferedBytes).toBe(200);
    const all = call.toArray();
    expect(e.stats().bufferedBytes).toBe(0);
    respond(call.id, "response", 3);
    respond(call.id, "end");
    expect(await all).toEqual([1, 2, 3]);
    expect(e.stats()).toMatchObject({ inFlight: 0, bufferedBytes: 0 });
  });

  it("rejects with the daemon's error once, after items arrived; a later read sees the end", async () => {
    const { e, respond } = engine();
    const call = e.invoke<number>("s", "tool", {});
    const all = call.toArray();
    respond(call.id, "response", 1);
    respond(call.id, "error", null, "boom");
    await expect(all).rejects.toMatchObject({ daemonMessage: "boom" });
    expect(await call[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
  });

  it("answers at once for a call that already ended, with its unread items or its failure", async () => {
    const { e, respond } = engine();
    const ended = e.invoke<number>("s", "tool", {});
    respond(ended.id, "response", 7);
    respond(ended.id, "end");
    expect(await ended.toArray()).toEqual([7]);
    expect(e.stats().bufferedBytes).toBe(0);
    const failed = e.invoke("s", "tool", {});
    respond(failed.id, "error", null, "nope");
    await expect(failed.toArray()).rejects.toMatchObject({ daemonMessage: "nope" });
  });

  it("shares items with a reader that was already waiting, as next() does", async () => {
    const { e, respond } = engine();
    const call = e.invoke<number>("s", "tool", {});
    const iterator = call[Symbol.asyncIterator]();
    const first = iterator.next();
    const rest = call.toArray();
    respond(call.id, "response", 1);
    respond(call.id, "response", 2);
    respond(call.id, "end");
    expect(await first).toEqual({ value: 1, done: false });
    expect(await rest).toEqual([2]);
  });

  it("fails with the session's error when its session is failed mid-call", async () => {
    const { e, respond } = engine();
    const call = e.invoke<number>("s", "tool", {});
    const all = call.toArray();
    respond(call.id, "response", 1);
    e.failSession("s", new Error("session over"));
    await expect(all).rejects.toThrow("session over");
    expect(e.stats()).toMatchObject({ inFlight: 0, bufferedBytes: 0 });
  });
});
