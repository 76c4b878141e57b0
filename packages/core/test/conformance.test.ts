import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { createStdioTransport, PluginRuntime, silentLogger } from "@x/core";
import { ErrorPayloadSchema, OutboundFrameSchema } from "@x/protocol";
import { describe, expect, it } from "vitest";
import { pythonPeerPlugin } from "./conformance/python-peer-plugin.js";

const DIR = fileURLToPath(new URL("../../../conformance/python-sdk-0.10.1/", import.meta.url));
const SCENARIOS = readdirSync(DIR)
  .filter((name) => name.endsWith(".daemon-stdin.txt"))
  .map((name) => name.replace(".daemon-stdin.txt", ""))
  .sort();

type Frame = Record<string, any>;

/** Where the TS SDK deliberately differs from the Python one (each is explained in the README). */
const DEVIATIONS: Record<string, (expected: Frame[]) => Frame[]> = {
  // An uncaught reverse-call failure is an `InvocationError` (Python raises a bare `Exception`); same message.
  "04_backwards_error_uncaught": (frames) =>
    frames.map((frame) =>
      frame.data?.type === "error"
        ? { ...frame, data: { ...frame.data, data: { ...frame.data.data, error_type: "InvocationError" } } }
        : frame,
    ),
};

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

/** Replaces what is random or time-based (§ conformance README) with placeholders. */
function normalise(frame: Frame): Frame {
  const copy = structuredClone(frame);
  const message = copy.data;
  if (copy.event !== "session") return copy;
  if (message.type === "invoke") message.data.backwards_request_id = "<backwards_request_id>";
  if (message.type === "error" && message.data.args?.traceback) message.data.args.traceback = "<traceback>";
  if (message.type === "stream") {
    const item = message.data;
    if (item?.type === "blob_chunk") item.message.id = "<blob id>";
    if (item?.type === "log") {
      item.message.id = "<log id>";
      if (item.message.parent_id) item.message.parent_id = "<log id>";
    }
  }
  return copy;
}

/** What the Python plugin wrote, minus its manifest line (no `event`) and its `log` lines. */
function expectedFrames(scenario: string): Frame[] {
  const frames = lines(readFileSync(join(DIR, `${scenario}.plugin-stdout.txt`), "utf8")).map(
    (line) => JSON.parse(line) as Frame,
  );
  return frames.filter((frame) => frame.event !== undefined && frame.event !== "log");
}

async function replay(scenario: string): Promise<{ raw: string[]; frames: Frame[]; dropped: number }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = createStdioTransport({
    stdin,
    stdout,
    heartbeatInterval: 3_600_000,
    guardStdout: false,
    exitOnEnd: false,
  });
  const runtime = new PluginRuntime({ plugin: pythonPeerPlugin(), transport, logger: silentLogger });
  const raw: string[] = [];
  let buffered = "";
  let notify = () => {};
  stdout.setEncoding("utf8");
  stdout.on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    raw.push(...parts.filter((line) => line !== ""));
    notify();
  });
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (test()) resolve();
        else notify = check;
      };
      check();
    });
  const parsed = () => raw.map((line) => JSON.parse(line) as Frame);
  await runtime.start();

  const input = lines(readFileSync(join(DIR, `${scenario}.daemon-stdin.txt`), "utf8"));
  const [request, ...answers] = input;
  stdin.write(`${request}\n`);
  if (answers.length > 0) {
    // The daemon answers the id the plugin sent: swap the recorded Python id for the one our runtime generated.
    await until(() => parsed().some((f) => f.data?.type === "invoke"));
    const ours = parsed().find((f) => f.data?.type === "invoke")!.data.data.backwards_request_id as string;
    const recorded = (JSON.parse(answers[0]!) as Frame).data.backwards_request_id as string;
    for (const answer of answers) stdin.write(`${answer.replaceAll(recorded, ours)}\n`);
  }
  await until(() => parsed().some((f) => f.data?.type === "end"));
  const dropped = runtime.stats().dropped;
  await runtime.close();
  return { raw, frames: parsed(), dropped };
}

describe("replay of the Python SDK 0.10.1 transcripts", () => {
  it("finds every scenario", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(7);
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario}: writes the same frames as the Python SDK`, async () => {
      const { raw, frames } = await replay(scenario);
      const fix = DEVIATIONS[scenario] ?? ((f: Frame[]) => f);
      const expected = fix(expectedFrames(scenario)).map(normalise);
      const actual = frames.map(normalise);

      // Same frames, in the same order, with the same key order (compared as re-serialised JSON).
      expect(actual).toEqual(expected);
      expect(actual.map((f) => JSON.stringify(f))).toEqual(expected.map((f) => JSON.stringify(f)));

      // Every line is one compact JSON frame that the daemon accepts, under 5 MiB.
      for (const line of raw) {
        expect(line).toBe(JSON.stringify(JSON.parse(line)));
        const frame = OutboundFrameSchema.parse(JSON.parse(line));
        if (frame.event === "session" && frame.data.type === "error")
          ErrorPayloadSchema.parse(frame.data.data);
      }
      expect(frames[0]).toEqual({ event: "heartbeat", session_id: null, data: {} });
      expect(frames.filter((f) => f.data?.type === "end")).toHaveLength(1);
      expect(frames.at(-1)!.data.type).toBe("end");
    });
  }

  it("keeps the Python SDK's raw bytes for non-ASCII and HTML characters (no \\u escapes)", async () => {
    const { raw } = await replay("01_builtin_tool_text_json_blob");
    const expected = lines(
      readFileSync(join(DIR, "01_builtin_tool_text_json_blob.plugin-stdout.txt"), "utf8"),
    );
    const pick = (all: string[]) => all.find((line) => line.includes("東京"));
    expect(pick(raw)).toBe(pick(expected));
    expect(raw.find((line) => line.includes("héllo"))).toContain("héllo <&> \u2028");
  });
});
