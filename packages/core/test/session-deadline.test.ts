import { PassThrough } from "node:stream";
import {
  ConfigError,
  InMemoryTransport,
  InvocationTimeoutError,
  loadConfig,
  Plugin,
  PluginRuntime,
  runPlugin,
  type Session,
  SessionTimeoutError,
  silentLogger,
  ValidationError,
} from "@x/core";
import { ErrorPayloadSchema } from "@x/protocol";
import { afterEach, describe, expect, it, vi } from "vitest";
import { collectFrames } from "./support/collect-frames.js";
import {
  backwardsFrame,
  type Frame,
  type Harness,
  linkedRuntime,
  requestFrame,
} from "./support/linked-runtime.js";

afterEach(() => {
  vi.useRealTimers();
});

function types(frames: Frame[]): string[] {
  return frames.map((f) => (f.event === "session" ? f.data.type : f.event));
}

function aborted(session: Session): Promise<void> {
  return new Promise((resolve) => session.signal.addEventListener("abort", () => resolve(), { once: true }));
}

/** Waits until every handler has returned (the runtime forgets a session only then). */
async function handlersDone(h: Harness): Promise<void> {
  for (let round = 0; round < 50 && h.runtime.stats().sessions > 0; round++)
    await vi.advanceTimersByTimeAsync(0);
  expect(h.runtime.stats().sessions).toBe(0);
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("session deadline (sessionTimeout)", () => {
  it("answers a session that outlives its budget with one SessionTimeoutError payload and exactly one end, dropping the handler's later output", async () => {
    vi.useFakeTimers();
    let seen: Session | undefined;
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async function* (session) {
          seen = session;
          await aborted(session);
          yield { late: true };
        }),
      { sessionTimeout: 1000 },
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(999);
    expect(h.sessionFrames("s1")).toEqual([]);
    expect(seen!.signal.aborted).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    await h.ended("s1");
    await handlersDone(h);

    const frames = h.sessionFrames("s1");
    expect(types(frames)).toEqual(["error", "end"]);
    const payload = ErrorPayloadSchema.parse(frames[0]!.data.data);
    expect(payload.error_type).toBe("SessionTimeoutError");
    expect(payload.message).toContain("1000 ms");
    expect(payload.message).toContain("MAX_SESSION_TIMEOUT");
    const reason = seen!.signal.reason;
    expect(SessionTimeoutError.isInstance(reason)).toBe(true);
    expect(reason).toMatchObject({ code: "DIFY_ERR_SESSION_TIMEOUT", sessionId: "s1", ms: 1000 });
    expect(seen!.remainingTime()).toBe(0);
    expect(h.logs.some((r) => r.level === "warning" && r.message.includes("SessionTimeoutError"))).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await h.runtime.close();
  });

  it("drops the error a handler throws after its session timed out (the timeout stays the only error)", async () => {
    vi.useFakeTimers();
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          await aborted(session);
          throw new Error("gave up");
        }),
      { sessionTimeout: 500 },
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(500);
    await handlersDone(h);
    const frames = h.sessionFrames("s1");
    expect(types(frames)).toEqual(["error", "end"]);
    expect(frames[0]!.data.data.error_type).toBe("SessionTimeoutError");
    await h.runtime.close();
  });

  it("times the session out when its output arrives after the deadline even if the timer has not run yet", async () => {
    vi.useFakeTimers();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async () => {
          await gate;
          return { result: "too late" };
        }),
      { sessionTimeout: 1000 },
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(0);
    // The wall clock passes the deadline without the timer firing (a busy event loop).
    vi.setSystemTime(Date.now() + 5000);
    release();
    await h.ended("s1");
    await handlersDone(h);
    const frames = h.sessionFrames("s1");
    expect(types(frames)).toEqual(["error", "end"]);
    expect(frames[0]!.data.data.error_type).toBe("SessionTimeoutError");
    expect(vi.getTimerCount()).toBe(0);
    await h.runtime.close();
  });

  it("gives a reverse call the rest of the session's budget: it fails with timer deadline, before its own longer timeout", async () => {
    vi.useFakeTimers();
    let remainingAtCall = -1;
    let callError: unknown;
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          remainingAtCall = session.remainingTime();
          callError = await session
            .invoke("tool", { q: 1 }, { timeout: 5000 })
            .toArray()
            .catch((error: unknown) => error);
        }),
      { sessionTimeout: 1000 },
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(400);
    expect(h.invokes()).toHaveLength(1);
    expect(remainingAtCall).toBe(600);
    expect(h.runtime.stats().inFlight).toBe(1);

    await vi.advanceTimersByTimeAsync(600);
    await handlersDone(h);
    expect(InvocationTimeoutError.isInstance(callError)).toBe(true);
    expect(callError).toMatchObject({ timer: "deadline", ms: 1000, invokeType: "tool" });
    expect((callError as Error).message).toContain("MAX_SESSION_TIMEOUT");
    expect(types(h.sessionFrames("s1"))).toEqual(["invoke", "error", "end"]);
    expect(h.sessionFrames("s1")[1]!.data.data.error_type).toBe("SessionTimeoutError");
    expect(h.runtime.stats()).toMatchObject({ inFlight: 0, sessions: 0, bufferedBytes: 0 });
    expect(vi.getTimerCount()).toBe(0);

    // A late answer to the expired call is dropped, never thrown.
    const id = h.invokes()[0]!.data.data.backwards_request_id as string;
    await h.send(backwardsFrame("s1", id, "response", { data: { x: 1 } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(h.runtime.stats().dropped).toBe(1);
    await h.runtime.close();
  });

  it("fails a call started after the budget is spent at once with timer deadline and sends nothing", async () => {
    vi.useFakeTimers();
    let callError: unknown;
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          await aborted(session);
          callError = await session
            .invoke("tool", {})
            .first()
            .catch((error: unknown) => error);
        }),
      { sessionTimeout: 200 },
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(200);
    await handlersDone(h);
    expect(callError).toMatchObject({ code: "DIFY_ERR_INVOCATION_TIMEOUT", timer: "deadline", ms: 200 });
    expect(h.invokes()).toHaveLength(0);
    expect(h.runtime.stats().inFlight).toBe(0);
    await h.runtime.close();
  });

  it("lets a caller's shorter timeout win with timer total; the session then ends normally", async () => {
    vi.useFakeTimers();
    let callError: unknown;
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          callError = await session
            .invoke("tool", {}, { timeout: 500 })
            .toArray()
            .catch((error: unknown) => error);
          return { recovered: true };
        }),
      { sessionTimeout: 10_000 },
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(500);
    await h.ended("s1");
    expect(callError).toMatchObject({ code: "DIFY_ERR_INVOCATION_TIMEOUT", timer: "total", ms: 500 });
    expect(types(h.sessionFrames("s1"))).toEqual(["invoke", "stream", "end"]);
    expect(h.sessionFrames("s1")[1]!.data.data).toEqual({ recovered: true });
    await handlersDone(h);
    expect(vi.getTimerCount()).toBe(0);

    // Nothing fires at the old deadline.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(types(h.sessionFrames("s1"))).toEqual(["invoke", "stream", "end"]);
    await h.runtime.close();
  });

  it("clears the deadline timer when the session ends normally and sends nothing at the deadline", async () => {
    vi.useFakeTimers();
    let seen: Session | undefined;
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          seen = session;
          return session.invoke("tool", {}).toArray();
        }),
      {
        sessionTimeout: 60_000,
        onFrame: (frame, h) => {
          if (frame.data?.type !== "invoke") return;
          const id = frame.data.data.backwards_request_id;
          void h.send(backwardsFrame("s1", id, "response", { data: { a: 1 } }));
          void h.send(backwardsFrame("s1", id, "end"));
        },
      },
    );
    const arrival = Date.now();
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(0);
    await h.ended("s1");
    await handlersDone(h);
    expect(seen!.deadline).toBe(arrival + 60_000);
    expect(types(h.sessionFrames("s1"))).toEqual(["invoke", "stream", "end"]);
    expect(h.sessionFrames("s1")[1]!.data.data).toEqual([{ a: 1 }]);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(types(h.sessionFrames("s1"))).toEqual(["invoke", "stream", "end"]);
    await h.runtime.close();
  });

  it("clears the deadline timer of a running session when the runtime closes", async () => {
    vi.useFakeTimers();
    let seen: Session | undefined;
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          seen = session;
          await aborted(session);
        }),
      { sessionTimeout: 60_000 },
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await h.runtime.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen!.signal.reason).toMatchObject({ code: "DIFY_ERR_CONNECTION_CLOSED" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("behaves as before without sessionTimeout: no deadline, no timer, a call may wait as long as its own limits allow", async () => {
    vi.useFakeTimers();
    let seen: Session | undefined;
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async (session) => {
        seen = session;
        return session.invoke("tool", {}, { idleTimeout: 0 }).toArray();
      }),
    );
    await h.send(requestFrame("s1", {}));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen!.deadline).toBeUndefined();
    expect(seen!.remainingTime()).toBe(Number.POSITIVE_INFINITY);
    expect(vi.getTimerCount()).toBe(0);

    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(h.runtime.stats()).toMatchObject({ inFlight: 1, sessions: 1 });
    const id = h.invokes()[0]!.data.data.backwards_request_id as string;
    await h.send(backwardsFrame("s1", id, "response", { data: "late but fine" }));
    await h.send(backwardsFrame("s1", id, "end"));
    await h.ended("s1");
    expect(types(h.sessionFrames("s1"))).toEqual(["invoke", "stream", "end"]);
    expect(h.sessionFrames("s1")[1]!.data.data).toEqual(["late but fine"]);
    await h.runtime.close();
  });

  it("refuses a sessionTimeout that is not a positive number of milliseconds a timer can hold", () => {
    const { plugin: transport } = InMemoryTransport.createLinkedPair();
    for (const sessionTimeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      const error = caught(() => new PluginRuntime({ plugin: new Plugin(), transport, sessionTimeout }));
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe("sessionTimeout");
    }
  });
});

describe("MAX_SESSION_TIMEOUT", () => {
  it("is unset by default, read in seconds from the environment or .env and in milliseconds from overrides", () => {
    expect(loadConfig({ env: {}, cwd: false }).sessionTimeout).toBeUndefined();
    expect(loadConfig({ env: { MAX_SESSION_TIMEOUT: "570" }, cwd: false }).sessionTimeout).toBe(570_000);
    expect(loadConfig({ env: { MAX_SESSION_TIMEOUT: " 0.5 " }, cwd: false }).sessionTimeout).toBe(500);
    expect(loadConfig({ env: { MAX_SESSION_TIMEOUT: "" }, cwd: false }).sessionTimeout).toBeUndefined();
    expect(
      loadConfig({ env: { MAX_SESSION_TIMEOUT: "570" }, cwd: false, overrides: { sessionTimeout: 30_000 } })
        .sessionTimeout,
    ).toBe(30_000);
  });

  it("throws a ConfigError naming MAX_SESSION_TIMEOUT for a value that is not a usable number of seconds", () => {
    for (const value of ["0", "-5", "abc", "10s", "Infinity", "3000000"]) {
      const error = caught(() => loadConfig({ env: { MAX_SESSION_TIMEOUT: value }, cwd: false }));
      expect(ConfigError.isInstance(error)).toBe(true);
      expect((error as ConfigError).variable).toBe("MAX_SESSION_TIMEOUT");
      expect((error as ConfigError).message).toContain(JSON.stringify(value));
    }
  });

  it("is passed to the runtime by runPlugin: a stdio session past it is answered with SessionTimeoutError and end", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const lines = collectFrames<Frame>(stdout);
    let deadline: number | undefined;
    const plugin = new Plugin().on("tool", "invoke_tool", async (session) => {
      deadline = session.deadline;
      await aborted(session);
    });
    const handle = await runPlugin(plugin, {
      env: { INSTALL_METHOD: "local", MAX_SESSION_TIMEOUT: "0.05" },
      cwd: false,
      logger: silentLogger,
      stdio: { stdin, stdout, guardStdout: false },
    });
    expect(handle.config.sessionTimeout).toBe(50);
    stdin.write(`${JSON.stringify(requestFrame("s1", {}))}\n`);
    await expect.poll(() => lines.some((line) => line.data?.type === "end")).toBe(true);
    expect(typeof deadline).toBe("number");
    const session = lines.filter((line) => line.session_id === "s1");
    expect(types(session)).toEqual(["error", "end"]);
    expect(session[0]!.data.data).toMatchObject({ error_type: "SessionTimeoutError" });
    expect(session[0]!.data.data.message).toContain("50 ms");
    stdin.end();
    await expect(handle.closed).resolves.toBeUndefined();
  });
});
