import { ReverseCallRefusedError } from "@x/core/internal";
import { describe, expect, it } from "vitest";
import { type Frame, linkedRuntime, requestFrame } from "./support/linked-runtime.js";

function types(frames: Frame[]): string[] {
  return frames.map((f) => (f.event === "session" ? f.data.type : f.event));
}

describe("reverse calls from a model session (§4.2)", () => {
  it("fail with ReverseCallRefusedError and never reach the daemon", async () => {
    let caught: unknown;
    const h = await linkedRuntime((plugin) =>
      plugin.on("model", "invoke_llm", async (session) => {
        try {
          await session.invoke("llm", { provider: "p", model: "m" }).toArray();
        } catch (error) {
          caught = error;
        }
        return { ok: true };
      }),
    );
    await h.send(requestFrame("s1", { type: "model", action: "invoke_llm" }));
    await h.ended("s1");
    expect(ReverseCallRefusedError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      code: "DIFY_ERR_REVERSE_CALL_REFUSED",
      invokeType: "llm",
      sessionType: "model",
    });
    expect((caught as Error).message).toContain("cannot make reverse calls");
    expect(types(h.frames)).toEqual(["stream", "end"]);
  });

  it("surface as the session's error when the handler lets it through", async () => {
    const h = await linkedRuntime((plugin) =>
      plugin.on("model", "invoke_tts", async function* (session) {
        yield* session.invoke("storage", { opt: "get", key: "k" });
      }),
    );
    await h.send(requestFrame("s2", { type: "model", action: "invoke_tts" }));
    await h.ended("s2");
    expect(types(h.frames)).toEqual(["error", "end"]);
    expect(h.frames[0]!.data.data).toMatchObject({ error_type: "ReverseCallRefusedError" });
  });

  it("are still sent from a tool session", async () => {
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async (session) => {
        session.invoke("tool", { x: 1 });
      }),
    );
    await h.send(requestFrame("s3", {}));
    await h.ended("s3");
    expect(types(h.frames)[0]).toBe("invoke");
  });
});
