import { InMemoryTransport, Plugin, PluginRuntime, silentLogger } from "@x/core";
import { describe, expect, it } from "vitest";

function requestFrame(sessionId: string, data: Record<string, unknown>) {
  return {
    session_id: sessionId,
    conversation_id: null,
    message_id: null,
    app_id: null,
    endpoint_id: null,
    context: null,
    event: "request",
    data: { user_id: "u", credentials: null, ...data },
  };
}

describe("PluginRuntime over the in-memory pair", () => {
  it("round-trips a reverse call and ends the session", async () => {
    const plugin = new Plugin().on("tool", "invoke_tool", async function* (session) {
      const items = await session.invoke("tool", { x: 1 }).toArray();
      yield { type: "json", message: { json_object: { items } }, meta: null };
    });
    const { plugin: side, daemon } = InMemoryTransport.createLinkedPair();
    const runtime = new PluginRuntime({ plugin, transport: side, logger: silentLogger });
    const seen: any[] = [];
    const done = new Promise<void>((resolve) => {
      daemon.onmessage = (frame: any) => {
        seen.push(frame);
        if (frame.data?.type === "invoke") {
          const id = frame.data.data.backwards_request_id;
          const base = { session_id: "s1", event: "backwards_response" };
          void daemon.send({
            ...base,
            data: { backwards_request_id: id, event: "response", message: "stream", data: { a: 1 } },
          });
          void daemon.send({
            ...base,
            data: { backwards_request_id: id, event: "end", message: "", data: null },
          });
        }
        if (frame.data?.type === "end") resolve();
      };
    });
    await daemon.start();
    await runtime.start();
    await daemon.send(requestFrame("s1", { type: "tool", action: "invoke_tool" }));
    await done;
    expect(seen.map((f) => f.data.type)).toEqual(["invoke", "stream", "end"]);
    expect(seen[1].data.data.message.json_object.items).toEqual([{ a: 1 }]);
    expect(runtime.stats().inFlight).toBe(0);
  });
});
