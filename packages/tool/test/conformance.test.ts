import { Plugin } from "@x/core";
import { MockDify } from "@x/testing";
import { describe, expect, it } from "vitest";
import {
  defineTool,
  defineToolProvider,
  messages,
  type OutgoingToolMessage,
  toolExtension,
} from "../src/index.js";
import { startHarness, transcriptDaemonFrames, transcriptSessionLines } from "./harness.js";

/** Replaces the values that are random per run (reverse-call ids, blob ids, log uuids). */
function normalise(line: string): string {
  return line
    .replace(/"backwards_request_id":"[0-9a-f]{32}"/g, '"backwards_request_id":"<request-id>"')
    .replace(/"message":\{"id":"[0-9a-f]{32}"/g, '"message":{"id":"<blob-id>"')
    .replace(/"id":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/g, '"id":"<uuid>"');
}

/** Compares frame texts one by one, reporting the first differing position (lines can be 30 KB of base64). */
function expectSameLines(actual: string[], expected: string[]): void {
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const a = actual[i] ?? "<missing>";
    const e = expected[i] ?? "<missing>";
    if (a === e) continue;
    let at = 0;
    while (a[at] === e[at]) at++;
    expect.fail(
      `frame ${i} differs at ${at}:\n  ours:   …${a.slice(Math.max(0, at - 60), at + 80)}\n  python: …${e.slice(Math.max(0, at - 60), at + 80)}`,
    );
  }
  expect(actual).toHaveLength(expected.length);
}

function peerProvider(tools: Parameters<typeof defineToolProvider>[0]["tools"]) {
  return defineToolProvider({
    identity: { author: "peer", name: "peer", label: "Peer", description: "Peer tools", icon: "icon.svg" },
    tools,
  });
}

describe("conformance with the Python SDK 0.10.1 transcripts", () => {
  it("01: a tool that calls a builtin tool sends the same invoke payload and re-emits the answer byte for byte", async () => {
    const echo = defineTool({
      uses: [toolExtension],
      identity: { name: "builtin_echo" },
      description: "Calls the time tool and re-emits its answer",
      parameters: { mode: { type: "string" } },
      async *invoke(_params, { session }) {
        yield messages.text("before");
        const result = session.tool.invokeBuiltinTool("langgenius/time/time", "current_time", {
          timezone: "UTC",
          note: "héllo <&> \u2028",
        });
        for await (const message of result) {
          if (message.type === "text") yield messages.text(message.message.text);
          else if (message.type === "json") yield messages.json(message.message.json_object);
          else if (message.type === "blob") yield messages.blob(message.message.blob, message.meta);
        }
        yield messages.json({ done: true, n: 1 });
      },
    });
    const plugin = new Plugin().register(peerProvider([echo]));
    const [request, ...answers] = transcriptDaemonFrames("01_builtin_tool_text_json_blob");
    // The daemon's recorded answer: its `response` events' data, streamed, then `end`.
    const recorded = answers
      .map((answer) => answer.data as { event: string; data: unknown })
      .filter((data) => data.event === "response")
      .map((data) => data.data);
    const dify = new MockDify();
    dify.onInvokeRaw("tool", recorded); // the transcript's answer, replayed as recorded
    const harness = startHarness(plugin, { dify });
    await harness.request(request!);
    const expected = transcriptSessionLines("01_builtin_tool_text_json_blob").map(normalise);
    expectSameLines(harness.lines.map(normalise), expected);
  });

  it("09: the message zoo emitted through the real runtime and codec matches the Python SDK's frames", async () => {
    // The Python peer's blob: 78 × bytes 0..255, then "tail-bytes-xyz".
    const blob = new Uint8Array(19982);
    for (let i = 0; i < 19968; i++) blob[i] = i % 256;
    blob.set(new TextEncoder().encode("tail-bytes-xyz"), 19968);
    const zoo = defineTool({
      identity: { name: "message_zoo" },
      description: "Emits every message type",
      *invoke() {
        yield messages.text('text é 😀 <b>&</b> "q" \\ \n\t');
        yield messages.json({ z: 1, a: { nested: [1, 2.0, 3.5, null, true, "s"] }, float: 0.1 });
        yield messages.json([1, "list-root"]);
        yield messages.link("https://example.com/x?a=1&b=2");
        yield messages.image("https://example.com/i.png");
        yield messages.blob(blob, { mime_type: "application/octet-stream", filename: "b.bin" });
        yield messages.variable("var_obj", { k: [1, 2] });
        yield messages.streamVariable("var_stream", "chunk-1");
        const step = messages.log({ label: "step", data: { input: 1 } });
        yield step;
        yield messages.finishLog(step, { data: { output: 2 } });
        yield messages.retrieverResources(
          [{ position: 1, dataset_id: "ds", score: 0.5, content: "c" }],
          "ctx",
        );
      },
    });
    const harness = startHarness(new Plugin().register(peerProvider([zoo])));
    const [request] = transcriptDaemonFrames("09_message_zoo");
    await harness.request(request!);
    // Python writes the float 2.0 as `2.0`; JavaScript has one number type and writes `2`. Nothing else differs.
    const expected = transcriptSessionLines("09_message_zoo").map((line) =>
      normalise(line.replace('"nested":[1,2.0,', '"nested":[1,2,')),
    );
    expectSameLines(harness.lines.map(normalise), expected);
  });

  it("08: an unknown tool answers the Python SDK's error text, then end", async () => {
    const harness = startHarness(new Plugin().register(peerProvider([])));
    const [request] = transcriptDaemonFrames("08_unknown_tool");
    const frames = await harness.request(request!);
    expect(frames.map((f) => f.data.type)).toEqual(["error", "end"]);
    expect(frames[0]!.data.data.message).toBe("Tool `no_such_tool` not found for provider `peer`");
    const python = JSON.parse(transcriptSessionLines("08_unknown_tool")[0]!);
    expect(frames[0]!.data.data.message).toBe(python.data.data.message);
  });
});

// Keeps the type import used when the zoo changes.
export type { OutgoingToolMessage };
