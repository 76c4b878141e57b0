import { describe, expect, it } from "vitest";
import {
  backwardsFrame,
  type Frame,
  type Harness,
  linkedRuntime,
  requestFrame,
} from "./support/linked-runtime.js";

// Faults 1 and 7 of the reliability review: unread answers must never leak out of the inbound byte budget, and an
// answer that names another session is not delivered.

/** Answers every `invoke` with `items` responses then `end`, all in one read. */
function answerInOneRead(items: number): (frame: Frame, h: Harness) => void {
  return (frame, h) => {
    if (frame.data?.type !== "invoke") return;
    const sid = frame.session_id as string;
    const id = frame.data.data.backwards_request_id as string;
    const lines: object[] = [];
    for (let i = 0; i < items; i++)
      lines.push(backwardsFrame(sid, id, "response", { data: { i, pad: "x".repeat(200) } }));
    lines.push(backwardsFrame(sid, id, "end"));
    h.daemon.sendRaw(lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
  };
}

describe("inbound byte accounting", () => {
  it("returns to 0 when a call ends with unread items and the consumer took only the first (first())", async () => {
    const h = await linkedRuntime(
      (plugin) => plugin.on("tool", "invoke_tool", (session) => session.invoke("tool", {}).first()),
      { onFrame: answerInOneRead(5) },
    );
    for (let i = 0; i < 50; i++) {
      await h.send(requestFrame(`s${i}`, {}));
      await h.ended(`s${i}`);
    }
    expect(h.runtime.stats()).toMatchObject({ bufferedBytes: 0, inFlight: 0, sessions: 0, paused: false });
    await h.runtime.close();
  });

  it("returns to 0 when the handler never reads the answer at all (abandoned consumer)", async () => {
    let answered = 0;
    const h = await linkedRuntime(
      (plugin) =>
        plugin.on("tool", "invoke_tool", async (session) => {
          session.invoke("tool", {});
          // The answer arrives while the handler is still running, then nobody reads it.
          await new Promise((resolve) => setTimeout(resolve, 5));
          answered++;
        }),
      { onFrame: answerInOneRead(3) },
    );
    for (let i = 0; i < 30; i++) {
      await h.send(requestFrame(`a${i}`, {}));
      await h.ended(`a${i}`);
    }
    expect(answered).toBe(30);
    expect(h.runtime.stats()).toMatchObject({ bufferedBytes: 0, inFlight: 0, sessions: 0, paused: false });
    await h.runtime.close();
  });

  it("keeps reading after hundreds of such calls: the budget is never exhausted by residue", async () => {
    const h = await linkedRuntime(
      (plugin) => plugin.on("tool", "invoke_tool", (session) => session.invoke("tool", {}).first()),
      { onFrame: answerInOneRead(8), invocation: { highWaterMark: 64 * 1024 } },
    );
    for (let i = 0; i < 400; i++) {
      await h.send(requestFrame(`r${i}`, {}));
      await h.ended(`r${i}`);
    }
    expect(h.runtime.stats()).toMatchObject({ bufferedBytes: 0, paused: false });
    await h.runtime.close();
  });
});

describe("backwards_response routing", () => {
  it("drops an answer whose request id is known but whose session_id is another session's", async () => {
    let call: { id: string } | undefined;
    let result: unknown;
    const h = await linkedRuntime((plugin) =>
      plugin.on("tool", "invoke_tool", async (session) => {
        const stream = session.invoke("tool", {}, { idleTimeout: 200 });
        call = stream;
        result = await stream.toArray().catch((error: { code?: string }) => error.code);
      }),
    );
    await h.send(requestFrame("victim", {}));
    await h.until(() => call !== undefined && h.invokes().length === 1);
    // Another session (or a confused daemon) answers the victim's call: not delivered, counted as dropped.
    await h.send(backwardsFrame("intruder", call!.id, "response", { data: { stolen: true } }));
    await h.send(backwardsFrame("intruder", call!.id, "end"));
    await h.send(backwardsFrame("victim", call!.id, "response", { data: { mine: true } }));
    await h.send(backwardsFrame("victim", call!.id, "end"));
    await h.ended("victim");
    expect(result).toEqual([{ mine: true }]);
    expect(h.runtime.stats().dropped).toBe(2);
    await h.runtime.close();
  });
});
