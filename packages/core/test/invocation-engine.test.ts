import {
  AbortedError,
  ConnectionClosedError,
  InvocationError,
  InvocationTimeoutError,
  PermissionDeniedError,
  SessionClosedError,
  ValidationError,
} from "@x/core";
import { InvocationEngine } from "@x/core/internal";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backwardsFrame, linkedRuntime, requestFrame } from "./support/linked-runtime.js";

type Sent = {
  session_id: string;
  data: { type: string; data: { backwards_request_id: string; type: string } };
};

function engine(options: Partial<ConstructorParameters<typeof InvocationEngine>[0]> = {}) {
  const sent: Sent[] = [];
  const pauses: boolean[] = [];
  const e = new InvocationEngine({
    send: async (frame) => {
      sent.push(frame as Sent);
    },
    onBackpressure: (paused) => pauses.push(paused),
    ...options,
  });
  const respond = (
    id: string,
    event: "response" | "error" | "end",
    message = "",
    data: unknown = null,
    bytes = 100,
  ) => e.handle({ backwards_request_id: id, event, message, data }, bytes);
  return { e, sent, pauses, respond };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("InvocationEngine", () => {
  it("correlates many concurrent calls on one session and across sessions, answered out of order", async () => {
    const { e, sent, respond } = engine();
    const streams = Array.from({ length: 500 }, (_, i) =>
      e.invoke<number>(`session-${i % 7}`, "tool", { i }),
    );
    expect(e.stats().inFlight).toBe(500);
    expect(new Set(sent.map((f) => f.data.data.backwards_request_id)).size).toBe(500);
    const results = streams.map((s) => s.toArray());
    const order = [...streams.keys()].reverse();
    for (const i of order) respond(streams[i]!.id, "response", "stream", i);
    for (const i of order) respond(streams[i]!.id, "response", "stream", i * 10);
    for (const i of order) respond(streams[i]!.id, "end");
    const values = await Promise.all(results);
    expect(values).toEqual(values.map((_, i) => [i, i * 10]));
    expect(e.stats()).toMatchObject({ inFlight: 0, dropped: 0, bufferedBytes: 0 });
  });

  it("sends the invoke frame as a session message with a fresh 32-hex id", () => {
    const { e, sent } = engine();
    const stream = e.invoke("s1", "node_question_classifier", { query: "q" });
    expect(sent[0]).toEqual({
      event: "session",
      session_id: "s1",
      data: {
        type: "invoke",
        data: { type: "node_question_classifier", backwards_request_id: stream.id, request: { query: "q" } },
      },
    });
    expect(stream.id).toMatch(/^[0-9a-f]{32}$/);
    void stream[Symbol.asyncIterator]().return?.();
  });

  it("fails with the idle timer when no frame arrives for idleTimeout, and a frame restarts it", async () => {
    vi.useFakeTimers();
    const { e, respond } = engine();
    const stream = e.invoke("s", "tool", {}, { idleTimeout: 1000 });
    const result = stream.toArray().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(900);
    respond(stream.id, "response", "stream", { a: 1 });
    await vi.advanceTimersByTimeAsync(900);
    expect(e.stats().inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    const error = await result;
    expect(InvocationTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      timer: "idle",
      ms: 1000,
      invokeType: "tool",
      backwardsRequestId: stream.id,
    });
    expect(vi.getTimerCount()).toBe(0);
    expect(e.stats().inFlight).toBe(0);
  });

  it("fails with the total timer even while frames keep arriving", async () => {
    vi.useFakeTimers();
    const { e, respond } = engine();
    const stream = e.invoke("s", "llm", {}, { timeout: 1000, idleTimeout: 400 });
    const result = stream.toArray().catch((error: unknown) => error);
    for (let t = 0; t < 5; t++) {
      await vi.advanceTimersByTimeAsync(300);
      respond(stream.id, "response", "stream", t);
    }
    const error = await result;
    expect(error).toMatchObject({ code: "DIFY_ERR_INVOCATION_TIMEOUT", timer: "total", ms: 1000 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("defaults the idle timeout to 250 s like the Python SDK", async () => {
    vi.useFakeTimers();
    const { e } = engine();
    const result = e
      .invoke("s", "tool", {})
      .first()
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(249_999);
    expect(e.stats().inFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toMatchObject({ timer: "idle", ms: 250_000 });
  });

  it("fails with AbortedError carrying the signal's reason, before or during the call", async () => {
    const { e, sent } = engine();
    const controller = new AbortController();
    const stream = e.invoke("s", "tool", {}, { signal: controller.signal });
    const result = stream.toArray().catch((error: unknown) => error);
    controller.abort(new Error("user cancelled"));
    const error = await result;
    expect(AbortedError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error("user cancelled"));
    const before = await e
      .invoke("s", "tool", {}, { signal: AbortSignal.abort("gone") })
      .toArray()
      .catch((err: unknown) => err);
    expect(AbortedError.isInstance(before)).toBe(true);
    expect(sent).toHaveLength(1);
    expect(e.stats().inFlight).toBe(0);
  });

  it("turns a plain-text error event into InvocationError with type, id and daemon text", async () => {
    const { e, respond } = engine();
    const stream = e.invoke("s", "tool", {});
    const result = stream.toArray().catch((error: unknown) => error);
    respond(stream.id, "error", "invoke tool failed: tool not found: langgenius/time/time");
    respond(stream.id, "end");
    const error = (await result) as InvocationError;
    expect(InvocationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "DIFY_ERR_INVOCATION_FAILED",
      invokeType: "tool",
      backwardsRequestId: stream.id,
      daemonMessage: "invoke tool failed: tool not found: langgenius/time/time",
      message: "invoke tool failed: tool not found: langgenius/time/time",
      errorType: undefined,
    });
    expect(e.stats().dropped).toBe(0);
  });

  it("parses a nested JSON error text down to the innermost error_type and message", async () => {
    const { e, respond } = engine();
    const stream = e.invoke("s", "app", {});
    const result = stream.toArray().catch((error: unknown) => error);
    const inner = JSON.stringify({ error_type: "ValueError", message: "city is required", args: null });
    respond(
      stream.id,
      "error",
      `request failed: ${JSON.stringify({ message: inner, error_type: "PluginInvokeError", args: null })}`,
    );
    const error = (await result) as InvocationError;
    expect(error.errorType).toBe("ValueError");
    expect(error.errorMessage).toBe("city is required");
    expect(error.message).toBe("ValueError: city is required");
  });

  it("turns the daemon's permission text into PermissionDeniedError naming the permission", async () => {
    const { e, respond } = engine();
    const stream = e.invoke("s", "llm", {});
    const result = stream.toArray().catch((error: unknown) => error);
    respond(stream.id, "error", "permission denied, you need to enable llm access in plugin manifest");
    const error = (await result) as PermissionDeniedError;
    expect(PermissionDeniedError.isInstance(error)).toBe(true);
    expect(InvocationError.isInstance(error)).toBe(true);
    expect(error.permission).toBe("llm");
    expect(error.code).toBe("DIFY_ERR_PERMISSION_DENIED");
  });

  it("drops and counts frames for unknown or finished ids, but not the end that follows an error", async () => {
    const { e, respond } = engine();
    respond("nope", "response", "stream", 1);
    const a = e.invoke("s", "tool", {});
    respond(a.id, "end");
    respond(a.id, "end");
    respond(a.id, "response", "stream", 2);
    const b = e.invoke("s", "tool", {});
    void b.toArray().catch(() => {});
    respond(b.id, "error", "x");
    respond(b.id, "end");
    expect(await a.toArray()).toEqual([]);
    expect(e.stats().dropped).toBe(3);
  });

  it("drops later frames of a call whose consumer stopped early", async () => {
    const { e, respond } = engine();
    const stream = e.invoke("s", "tool", {});
    respond(stream.id, "response", "stream", "one");
    respond(stream.id, "response", "stream", "two");
    expect(await stream.first()).toBe("one");
    respond(stream.id, "response", "stream", "three");
    respond(stream.id, "end");
    expect(e.stats()).toMatchObject({ inFlight: 0, dropped: 2, bufferedBytes: 0 });
  });

  it("fails a session's calls with SessionClosedError and everything with ConnectionClosedError", async () => {
    const { e } = engine();
    const a = e
      .invoke("s1", "tool", {})
      .toArray()
      .catch((error: unknown) => error);
    const b = e
      .invoke("s2", "tool", {})
      .toArray()
      .catch((error: unknown) => error);
    e.failSession("s1", new SessionClosedError("s1"));
    expect(SessionClosedError.isInstance(await a)).toBe(true);
    expect(e.stats().inFlight).toBe(1);
    e.failAll(new ConnectionClosedError());
    expect(ConnectionClosedError.isInstance(await b)).toBe(true);
    expect(e.stats().inFlight).toBe(0);
  });

  it("rejects an empty type or a non-object request with ValidationError without sending", async () => {
    const { e, sent } = engine();
    const bad = await e
      .invoke("s", "", {})
      .toArray()
      .catch((error: unknown) => error);
    expect(ValidationError.isInstance(bad)).toBe(true);
    const arr = await e
      .invoke("s", "tool", [] as unknown as Record<string, unknown>)
      .toArray()
      .catch((error: unknown) => error);
    expect((arr as ValidationError).field).toBe("request");
    expect(sent).toEqual([]);
  });

  it("serves two concurrent readers of one stream in order", async () => {
    const { e, respond } = engine();
    const stream = e.invoke("s", "tool", {})[Symbol.asyncIterator]();
    const first = stream.next();
    const second = stream.next();
    const id = (stream as unknown as { id: string }).id;
    respond(id, "response", "stream", 1);
    respond(id, "response", "stream", 2);
    respond(id, "end");
    expect(await first).toEqual({ value: 1, done: false });
    expect(await second).toEqual({ value: 2, done: false });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it("pauses reading above the high-water mark for a slow consumer and resumes below half of it", async () => {
    const { e, pauses, respond } = engine({ highWaterMark: 1000 });
    const stream = e.invoke("s", "tool", {});
    for (let i = 0; i < 15; i++) respond(stream.id, "response", "stream", i, 100);
    expect(pauses).toEqual([true]);
    expect(e.stats()).toMatchObject({ paused: true, bufferedBytes: 1500 });
    const iterator = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 9; i++) await iterator.next();
    expect(pauses).toEqual([true]);
    await iterator.next();
    expect(pauses).toEqual([true, false]);
    expect(e.stats()).toMatchObject({ paused: false, bufferedBytes: 500 });
  });

  it("does not fire idle timers while reading is paused for someone else's slow consumer", async () => {
    vi.useFakeTimers();
    const { e, respond } = engine({ highWaterMark: 1000 });
    const slow = e.invoke("s1", "tool", {}, { idleTimeout: 10_000 });
    const victim = e.invoke("s2", "tool", {}, { idleTimeout: 1000 });
    const victimResult = victim.toArray();
    for (let i = 0; i < 20; i++) respond(slow.id, "response", "stream", i, 100);
    expect(e.stats().paused).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(e.stats().inFlight).toBe(2);
    await slow[Symbol.asyncIterator]().return?.();
    expect(e.stats().paused).toBe(false);
    respond(victim.id, "end");
    expect(await victimResult).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("backpressure through the runtime", () => {
  it("pauses the transport while a slow consumer holds more than the high-water mark, then delivers everything", async () => {
    let consumed = 0;
    let allow!: () => void;
    const gate = new Promise<void>((resolve) => {
      allow = resolve;
    });
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          const stream = session.invoke<string>("tool", {});
          await gate;
          for await (const item of stream) consumed += item.length;
          return consumed;
        }),
      { invocation: { highWaterMark: 64 * 1024 } },
    );
    await h.send(requestFrame("s1", {}));
    await h.until(() => h.invokes().length === 1);
    const id = h.invokes()[0]!.data.data.backwards_request_id;
    const chunk = "z".repeat(8 * 1024);
    for (let i = 0; i < 64; i++) await h.send(backwardsFrame("s1", id, "response", { data: chunk }));
    await h.send(backwardsFrame("s1", id, "end"));
    await new Promise((resolve) => setImmediate(resolve));
    const stats = h.runtime.stats();
    expect(stats.paused).toBe(true);
    // Buffered stays near the mark: the rest waits unread in the transport, not in the engine.
    expect(stats.bufferedBytes).toBeLessThan(64 * 1024 + 16 * 1024);
    allow();
    await h.ended("s1");
    expect(consumed).toBe(64 * 8 * 1024);
    expect(h.runtime.stats()).toMatchObject({ paused: false, bufferedBytes: 0, inFlight: 0 });
  });
});
