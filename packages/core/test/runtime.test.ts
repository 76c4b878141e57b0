import { FrameTooLargeError, HandlerNotFoundError, type Session, SessionClosedError } from "@x/core";
import { DEFAULT_MAX_OUTBOUND_LINE } from "@x/core/internal";
import { ErrorPayloadSchema, OutboundFrameSchema } from "@x/protocol";
import { describe, expect, it } from "vitest";
import { backwardsFrame, type Frame, linkedRuntime, requestFrame } from "./support/linked-runtime.js";

function types(frames: Frame[]): string[] {
  return frames.map((f) => (f.event === "session" ? f.data.type : f.event));
}

describe("PluginRuntime", () => {
  it("round-trips a reverse call and ends the session", async () => {
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async function* (session) {
          const items = await session.invoke("tool", { x: 1 }).toArray();
          yield { type: "json", message: { json_object: { items } }, meta: null };
        }),
      {
        onFrame: (frame, h) => {
          if (frame.data?.type !== "invoke") return;
          const id = frame.data.data.backwards_request_id;
          void h.send(backwardsFrame("s1", id, "response", { data: { a: 1 } }));
          void h.send(backwardsFrame("s1", id, "end"));
        },
      },
    );
    await h.send(requestFrame("s1", {}));
    await h.ended("s1");
    expect(types(h.frames)).toEqual(["invoke", "stream", "end"]);
    expect(h.frames[0]!.data.data).toMatchObject({ type: "tool", request: { x: 1 } });
    expect(h.frames[0]!.data.data.backwards_request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(h.frames[1]!.data.data.message.json_object.items).toEqual([{ a: 1 }]);
    expect(h.runtime.stats()).toMatchObject({ inFlight: 0, sessions: 0, dropped: 0, bufferedBytes: 0 });
  });

  it("gives the session every envelope field, reads credentials: null as {} and user_id as given", async () => {
    let seen: Session | undefined;
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", (session) => {
        seen = session;
      }),
    );
    await h.send(
      requestFrame(
        "s1",
        { user_id: "user-9", provider: "p" },
        {
          conversation_id: "c",
          message_id: "m",
          app_id: "a",
          endpoint_id: "e",
          context: { credentials: { tool_credentials: { "x/y/z": "cred" } } },
          unknown_key: 1,
        },
      ),
    );
    await h.ended("s1");
    expect(seen).toMatchObject({
      id: "s1",
      conversationId: "c",
      messageId: "m",
      appId: "a",
      endpointId: "e",
      userId: "user-9",
      type: "tool",
      action: "invoke_tool",
      context: { credentials: { tool_credentials: { "x/y/z": "cred" } } },
    });
    expect(seen!.data.credentials).toEqual({});
    expect(seen!.data.provider).toBe("p");
    expect(seen!.signal.aborted).toBe(true);
    expect(SessionClosedError.isInstance(seen!.signal.reason)).toBe(true);
  });

  it("answers an unknown (type, action) with an error naming it, then end", async () => {
    const h = await linkedRuntime(() => {});
    await h.send(requestFrame("s1", { type: "model", action: "invoke_llm" }));
    await h.ended("s1");
    expect(types(h.frames)).toEqual(["error", "end"]);
    const payload = ErrorPayloadSchema.parse(h.frames[0]!.data.data);
    expect(payload.error_type).toBe("HandlerNotFoundError");
    expect(payload.message).toContain("model");
    expect(payload.message).toContain("invoke_llm");
    expect(HandlerNotFoundError.name).toBe(payload.error_type);
  });

  it("turns a thrown error into one error payload (error_type = name, message, args.traceback) then end", async () => {
    class ValueError extends Error {
      override name = "ValueError";
    }
    const h = await linkedRuntime((plugin) =>
      plugin
        .on("tool", "invoke_tool", async function* () {
          yield { n: 1 };
          throw new ValueError("boom");
        })
        .on("tool", "throws_string", () => {
          throw "plain text";
        }),
    );
    await h.send(requestFrame("s1", {}));
    await h.send(requestFrame("s2", { action: "throws_string" }));
    await h.ended("s1");
    await h.ended("s2");
    expect(types(h.sessionFrames("s1"))).toEqual(["stream", "error", "end"]);
    const payload = ErrorPayloadSchema.parse(h.sessionFrames("s1")[1]!.data.data);
    expect(payload).toMatchObject({ error_type: "ValueError", message: "boom" });
    expect(Object.keys(payload.args!)).toEqual(["traceback"]);
    expect(String(payload.args!.traceback)).toContain("ValueError: boom");
    const plain = ErrorPayloadSchema.parse(h.sessionFrames("s2")[0]!.data.data);
    expect(plain).toMatchObject({ error_type: "Exception", message: "plain text" });
  });

  it("streams each yielded item, sends a returned value as one item and skips undefined", async () => {
    const h = await linkedRuntime((plugin) =>
      plugin
        .on("t", "gen", function* () {
          yield 1;
          yield undefined;
          yield { two: 2 };
        })
        .on("t", "async", async function* () {
          yield "a";
          yield "b";
        })
        .on("t", "value", async () => [1, 2, 3])
        .on("t", "nothing", () => undefined),
    );
    for (const action of ["gen", "async", "value", "nothing"])
      await h.send(requestFrame(action, { type: "t", action }));
    for (const action of ["gen", "async", "value", "nothing"]) await h.ended(action);
    const items = (id: string) =>
      h
        .sessionFrames(id)
        .filter((f) => f.data.type === "stream")
        .map((f) => f.data.data);
    expect(items("gen")).toEqual([1, { two: 2 }]);
    expect(items("async")).toEqual(["a", "b"]);
    expect(items("value")).toEqual([[1, 2, 3]]);
    expect(items("nothing")).toEqual([]);
    for (const id of ["gen", "async", "value", "nothing"])
      expect(types(h.sessionFrames(id)).at(-1)).toBe("end");
  });

  it("runs sessions concurrently: a slow session does not hold back a fast one", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const h = await linkedRuntime((plugin) =>
      plugin
        .on("t", "slow", async () => {
          await gate;
          return "slow";
        })
        .on("t", "fast", () => "fast"),
    );
    await h.send(requestFrame("slow", { type: "t", action: "slow" }));
    await h.send(requestFrame("fast", { type: "t", action: "fast" }));
    await h.ended("fast");
    expect(h.sessionFrames("slow")).toEqual([]);
    release();
    await h.ended("slow");
  });

  it("reports an unparseable line through the logger, answers a top-level error frame and keeps reading", async () => {
    const h = await linkedRuntime((plugin) => plugin.on("tool", "invoke_tool", () => "ok"));
    h.daemon.sendRaw('{"session_id": "s0", "event": "request", "data": {"api_key":"sk-secret-123"\n');
    h.daemon.sendRaw("not json at all sk-secret-123\n");
    await h.send(requestFrame("s1", {}));
    await h.ended("s1");
    const errors = h.frames.filter((f) => f.event === "error");
    expect(errors).toHaveLength(2);
    for (const frame of errors) {
      expect(OutboundFrameSchema.parse(frame)).toMatchObject({ event: "error", session_id: null });
      expect(frame.data.error).not.toContain("sk-secret-123");
    }
    expect(
      h.logs.filter((r) => r.level === "warning" && r.message.includes("bad inbound line")),
    ).toHaveLength(2);
    expect(h.logs.some((r) => r.message.includes("sk-secret-123"))).toBe(false);
    expect(h.runtime.stats().badFrames).toBe(2);
    expect(types(h.sessionFrames("s1"))).toEqual(["stream", "end"]);
  });

  it("answers a request frame that fails validation with an error and end for its session", async () => {
    const h = await linkedRuntime((plugin) => plugin.on("tool", "invoke_tool", () => "ok"));
    await h.send({ session_id: "bad", event: "request", data: { type: 42 } });
    await h.ended("bad");
    expect(types(h.sessionFrames("bad"))).toEqual(["error", "end"]);
    expect(h.sessionFrames("bad")[0]!.data.data.error_type).toBe("ProtocolError");
  });

  it("answers unknown events and non-object frames with a top-level error and counts them", async () => {
    const h = await linkedRuntime((plugin) => plugin.on("tool", "invoke_tool", () => "ok"));
    await h.send({ session_id: "x", event: "surprise", data: {} });
    h.daemon.sendRaw("42\n[1,2]\nnull\n\n\r\n");
    await h.send({ session_id: "x", event: "backwards_response", data: { event: "end" } });
    await h.send(requestFrame("s1", {}));
    await h.ended("s1");
    expect(h.frames.filter((f) => f.event === "error")).toHaveLength(5);
    expect(h.runtime.stats().badFrames).toBe(5);
  });

  it("ends every session with exactly one end, and sends nothing for it afterwards", async () => {
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async function* (session) {
        // A reverse call left running when the handler returns is failed, not answered later.
        const pending = session.invoke("tool", {});
        void pending.toArray().catch(() => {});
        yield "done";
      }),
    );
    for (let i = 0; i < 20; i++) await h.send(requestFrame(`s${i}`, {}));
    for (let i = 0; i < 20; i++) await h.ended(`s${i}`);
    for (const invoke of h.invokes()) {
      await h.send(
        backwardsFrame(invoke.session_id, invoke.data.data.backwards_request_id, "response", { data: 1 }),
      );
    }
    await h.send(requestFrame("last", {}));
    await h.ended("last");
    for (let i = 0; i < 20; i++) {
      const frames = types(h.sessionFrames(`s${i}`));
      expect(frames.filter((t) => t === "end")).toHaveLength(1);
      expect(frames.at(-1)).toBe("end");
    }
    expect(h.runtime.stats()).toMatchObject({ inFlight: 0, sessions: 0 });
    expect(h.runtime.stats().dropped).toBe(20);
  });

  it("refuses an outbound frame over 5 MiB with FrameTooLargeError before writing; the session gets an error", async () => {
    const big = "x".repeat(DEFAULT_MAX_OUTBOUND_LINE);
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async function* () {
        yield "small";
        yield big;
      }),
    );
    await h.send(requestFrame("s1", {}));
    await h.ended("s1");
    const frames = h.sessionFrames("s1");
    expect(types(frames)).toEqual(["stream", "error", "end"]);
    expect(frames[1]!.data.data.error_type).toBe(FrameTooLargeError.name);
    expect(frames[1]!.data.data.message).toContain(String(DEFAULT_MAX_OUTBOUND_LINE));
    for (const frame of h.frames)
      expect(JSON.stringify(frame).length).toBeLessThan(DEFAULT_MAX_OUTBOUND_LINE);
  });

  it("fails a reverse call whose invoke frame is too large without sending it", async () => {
    let failure: unknown;
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async (session) => {
        try {
          await session.invoke("tool", { blob: "y".repeat(DEFAULT_MAX_OUTBOUND_LINE) }).toArray();
        } catch (error) {
          failure = error;
        }
        return "after";
      }),
    );
    await h.send(requestFrame("s1", {}));
    await h.ended("s1");
    expect(FrameTooLargeError.isInstance(failure)).toBe(true);
    expect((failure as FrameTooLargeError).direction).toBe("outbound");
    expect(h.invokes()).toEqual([]);
    expect(h.runtime.stats().inFlight).toBe(0);
  });

  it("refuses a second request with the id of a session that is still running", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async () => {
        runs++;
        await gate;
        return "one";
      }),
    );
    await h.send(requestFrame("dup", {}));
    await h.send(requestFrame("dup", {}));
    await h.until(() => h.frames.some((f) => f.event === "error"));
    release();
    await h.ended("dup");
    expect(runs).toBe(1);
    expect(types(h.sessionFrames("dup"))).toEqual(["stream", "end"]);
  });

  it("turns stray stdout text into log records, one per line", async () => {
    const h = await linkedRuntime(() => {});
    h.pluginSide.onstray?.("first line\nsecond line\n\n");
    expect(h.logs.map((r) => r.message)).toEqual(["first line", "second line"]);
  });

  it("fails in-flight reverse calls with ConnectionClosedError when closed and resolves `closed`", async () => {
    let failure: unknown;
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async (session) => {
        try {
          await session.invoke("tool", {}).toArray();
        } catch (error) {
          failure = error;
        }
      }),
    );
    await h.send(requestFrame("s1", {}));
    await h.until(() => h.invokes().length === 1);
    await h.runtime.close();
    await h.runtime.closed;
    await new Promise((resolve) => setImmediate(resolve));
    expect((failure as Error & { code: string }).code).toBe("DIFY_ERR_CONNECTION_CLOSED");
    expect(h.runtime.stats().inFlight).toBe(0);
  });
});
