import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Plugin } from "@x/core";
import { afterAll, describe, expect, it } from "vitest";
import {
  CassetteFormatError,
  CassetteMismatchError,
  CassetteRecorder,
  CassetteUnusedError,
  createTestHarness,
  MockDify,
  parseCassette,
  readCassette,
  toolMessages,
} from "../src/index.js";

type Params = { query?: string; key?: string };

// A tool that searches with another tool (sending its own parameters on) and re-emits every item it got back.
const plugin = new Plugin().on("tool", "invoke_tool", async function* (session, data) {
  const params = (data as unknown as { tool_parameters: Params }).tool_parameters;
  const search = { tool_type: "builtin", provider: "acme/kb/kb", tool: "search", tool_parameters: params };
  for await (const item of session.invoke("tool", search)) yield item;
  const speech = { provider: "openai", model: "tts-1", voice: "alloy", content_text: "hi" };
  if (params.query === "speak")
    for await (const item of session.invoke("tts", speech))
      yield { type: "text", message: { text: JSON.stringify(item) }, meta: null };
});

const dir = mkdtempSync(join(tmpdir(), "cassette-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function record(
  dify: MockDify,
  runs: Array<{ parameters: Params; credentials?: Record<string, string> }>,
) {
  const recorder = new CassetteRecorder();
  const harness = createTestHarness(plugin, { dify, record: recorder });
  const items: unknown[][] = [];
  for (const run of runs) {
    const result = await harness.invokeTool({ provider: "p", tool: "t", ...run });
    expect(result.error).toBeNull();
    items.push(result.items);
  }
  await harness.close();
  return { recorder, items };
}

async function replay(dify: MockDify, parameters: Params) {
  const harness = createTestHarness(plugin, { dify });
  try {
    return await harness.invokeTool({ provider: "p", tool: "t", parameters });
  } finally {
    await harness.close();
  }
}

describe("recording a MockDify-driven test", () => {
  it("writes a header and one entry per reverse call, in order, that parse back", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "acme/kb/kb", "search", [
      [toolMessages.text("first")],
      [toolMessages.text("second")],
    ]);
    const { recorder } = await record(dify, [{ parameters: { query: "a" } }, { parameters: { query: "b" } }]);
    const text = recorder.toJsonl();
    const lines = text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ cassette: "dify-reverse-calls", version: 1, recorded_by: "@x/testing" });
    expect(lines.slice(1)).toEqual([
      {
        call: 1,
        session: 1,
        type: "tool",
        request: {
          tool_type: "builtin",
          provider: "acme/kb/kb",
          tool: "search",
          tool_parameters: { query: "a" },
        },
        reply: [{ stream: { type: "text", message: { text: "first" }, meta: null } }],
        end: true,
      },
      expect.objectContaining({
        call: 2,
        session: 2,
        reply: [{ stream: expect.objectContaining({ message: { text: "second" } }) }],
      }),
    ]);
    expect(parseCassette(text)).toEqual(recorder.cassette());
  });

  it("replays what was recorded: the plugin sees the same items", async () => {
    const dify = new MockDify();
    dify.tool("builtin", "acme/kb/kb", "search", [toolMessages.text("KB-1"), toolMessages.json({ hits: 2 })]);
    const { recorder, items } = await record(dify, [{ parameters: { query: "a" } }]);
    const file = join(dir, "replay.jsonl");
    recorder.save(file);

    const replayed = MockDify.fromCassette(file);
    const result = await replay(replayed, { query: "a" });
    expect(result.items).toEqual(items[0]);
    expect(replayed.calls[0]?.outcome).toBe("replayed");
    expect(replayed.replays[0]?.unused).toEqual([]);
  });
});

describe("blobs", () => {
  it("stores a chunked tool blob once, as base64, and replays the exact chunks", async () => {
    const bytes = randomBytes(20_000);
    const dify = new MockDify();
    dify.tool("builtin", "acme/kb/kb", "search", [
      toolMessages.blob(bytes, { mime_type: "application/pdf" }),
    ]);
    const { recorder, items } = await record(dify, [{ parameters: { query: "pdf" } }]);
    expect(items[0]).toHaveLength(4); // three 8192-byte chunks and the terminator

    const [entry] = recorder.entries;
    expect(entry?.reply).toEqual([
      {
        blob_chunks: {
          id: expect.any(String),
          total_length: 20_000,
          chunk_size: 8192,
          meta: { mime_type: "application/pdf" },
          blob: { $blob: bytes.toString("base64"), wire: "base64", bytes: 20_000 },
        },
      },
    ]);
    const text = recorder.toJsonl();
    expect(text.split(bytes.subarray(0, 600).toString("base64").slice(0, 400)).length).toBe(2); // stored once
    expect(text).not.toContain('"blob_chunk"');

    const result = await replay(MockDify.fromCassette(parseCassette(text)), { query: "pdf" });
    expect(result.items).toEqual(items[0]);
    const blob = result.messages[0] as { type: string; message: { blob: Uint8Array } };
    expect(blob.type).toBe("blob");
    expect(Buffer.from(blob.message.blob).equals(bytes)).toBe(true);
  });

  it("stores a tts hex result as base64 and gives back the same hex", async () => {
    const audio = randomBytes(64);
    const dify = new MockDify();
    dify.tool("builtin", "acme/kb/kb", "search", []);
    dify.tts([{ result: audio.toString("hex") }]);
    const { recorder, items } = await record(dify, [{ parameters: { query: "speak" } }]);
    expect(recorder.entries[1]?.reply).toEqual([
      { stream: { result: { $blob: audio.toString("base64"), wire: "hex", bytes: 64 } } },
    ]);
    const result = await replay(MockDify.fromCassette(parseCassette(recorder.toJsonl())), { query: "speak" });
    expect(result.items).toEqual(items[0]);
    expect(result.text).toContain(audio.toString("hex"));
  });
});

describe("masking", () => {
  it("never writes a credential value, even quoted in an answer, and masked values match anything on replay", async () => {
    const secret = "sk-live-7Qm2x9Lp4Zt8";
    const dify = new MockDify();
    dify.tool("builtin", "acme/kb/kb", "search", (call) => [
      toolMessages.text(`the upstream refused key ${String(call.request.tool_parameters?.key)}`),
      toolMessages.json({ api_key: "another-secret-value", prompt_tokens: 12 }),
    ]);
    const { recorder } = await record(dify, [
      { parameters: { query: "q", key: secret }, credentials: { api_key: secret } },
    ]);
    const file = join(dir, "masked.jsonl");
    recorder.save(file);
    const bytes = readFileSync(file, "utf8");
    expect(bytes).not.toContain(secret);
    expect(bytes).not.toContain("another-secret-value");
    expect(bytes).toContain("the upstream refused key [redacted]");
    expect(bytes).toContain('"prompt_tokens":12');

    // The test's own key differs from the recorded one; the masked request still matches.
    const result = await replay(MockDify.fromCassette(file), { query: "q", key: "test-key-000000" });
    expect(result.text).toBe("the upstream refused key [redacted]");
  });
});

describe("masking endpoint settings", () => {
  it("masks settings declared secret-input at registration, and keeps the others readable", () => {
    const recorder = new CassetteRecorder();
    const settings = [
      { name: "shared_secret", type: "secret-input" },
      { name: "greeting", type: "text-input" },
    ];
    recorder.observe("in", { type: "handshake", data: { key: "debug-key-123456" } });
    recorder.observe("in", { type: "endpoint_declaration", data: [{ settings, endpoints: [] }] });
    recorder.observe("out", {
      session_id: "s",
      event: "request",
      data: { settings: { shared_secret: "hunter2-abcdef", greeting: "hello there" } },
    });
    const request = {
      tool_type: "builtin",
      provider: "p",
      tool: "t",
      tool_parameters: { a: "hunter2-abcdef hello there debug-key-123456" },
    };
    recorder.observe("in", {
      session_id: "s",
      event: "session",
      data: { type: "invoke", data: { type: "tool", backwards_request_id: "r", request } },
    });
    recorder.observe("out", {
      session_id: "s",
      event: "backwards_response",
      data: { backwards_request_id: "r", event: "error", message: "bad hunter2-abcdef", data: null },
    });
    expect(recorder.entries).toEqual([]); // no end yet
    recorder.observe("out", {
      session_id: "s",
      event: "backwards_response",
      data: { backwards_request_id: "r", event: "end", message: "", data: null },
    });
    expect(recorder.entries).toEqual([
      {
        call: 1,
        session: 1,
        type: "tool",
        request: { ...request, tool_parameters: { a: "[redacted] hello there [redacted]" } },
        reply: [{ error: "bad [redacted]" }],
        end: true,
      },
    ]);
  });
});

describe("replay matching", () => {
  async function cassette() {
    const dify = new MockDify();
    dify.tool("builtin", "acme/kb/kb", "search", (call) => [
      toolMessages.text(`hits for ${String(call.request.tool_parameters?.query)}`),
    ]);
    return (
      await record(dify, [{ parameters: { query: "refund" } }, { parameters: { query: "invoice" } }])
    ).recorder.cassette();
  }

  it("exact: a changed request fails with the nearest recorded call and a diff", async () => {
    const dify = MockDify.fromCassette(await cassette(), { unused: "allow" });
    const harness = createTestHarness(plugin, { dify });
    const failure = await harness
      .invokeTool({ provider: "p", tool: "t", parameters: { query: "refunds" } })
      .catch((e: unknown) => e);
    await harness.close();
    expect(CassetteMismatchError.isInstance(failure)).toBe(true);
    const error = failure as CassetteMismatchError;
    expect(error.code).toBe("DIFY_ERR_CASSETTE_MISMATCH");
    expect(error.description).toBe("tool builtin/acme/kb/kb/search");
    expect(error.nearest).toEqual({
      call: 1,
      description: "tool builtin/acme/kb/kb/search",
      used: false,
      diff: ['request.tool_parameters.query: recorded "refund", got "refunds"'],
    });
    expect(error.message).toContain(
      "no recorded call matches the plugin's tool builtin/acme/kb/kb/search call (match: exact)",
    );
    expect(error.message).toContain('  request.tool_parameters.query: recorded "refund", got "refunds"');
    expect(dify.replays[0]?.mismatches).toEqual([error]);
  });

  it("exact matches out of order; in-order does not", async () => {
    const recorded = await cassette();
    expect(
      (await replay(MockDify.fromCassette(recorded, { unused: "allow" }), { query: "invoice" })).text,
    ).toBe("hits for invoice");
    const strict = MockDify.fromCassette(recorded, { match: "in-order", unused: "allow" });
    const harness = createTestHarness(plugin, { dify: strict });
    const failure = await harness
      .invokeTool({ provider: "p", tool: "t", parameters: { query: "invoice" } })
      .catch((e: unknown) => e);
    await harness.close();
    expect((failure as CassetteMismatchError).nearest?.call).toBe(1);
    expect((failure as CassetteMismatchError).message).toContain('recorded "refund", got "invoice"');
  });

  it("by-type ignores the request; custom decides itself; each recorded call answers once unless repeat", async () => {
    const recorded = await cassette();
    const run = (harness: ReturnType<typeof createTestHarness>, query: string) =>
      harness.invokeTool({ provider: "p", tool: "t", parameters: { query } });
    const byType = createTestHarness(plugin, { dify: MockDify.fromCassette(recorded, { match: "by-type" }) });
    expect((await run(byType, "x")).text).toBe("hits for refund");
    expect((await run(byType, "y")).text).toBe("hits for invoice");
    const third = (await run(byType, "z").catch((e: unknown) => e)) as CassetteMismatchError;
    expect(third.match).toBe("by-type");
    expect(third.nearest?.used).toBe(true);
    await byType.close();

    const dify = MockDify.fromCassette(recorded, {
      match: (_call, entry) => entry.call === 2,
      repeat: true,
      unused: "allow",
    });
    const custom = createTestHarness(plugin, { dify });
    expect((await run(custom, "x")).text).toBe("hits for invoice");
    expect((await run(custom, "x")).text).toBe("hits for invoice");
    await custom.close();
    expect(dify.replays[0]?.unused.map((entry) => entry.call)).toEqual([1]);
  });

  it("fails on close when a recorded call was never made, unless unused is allowed", async () => {
    const recorded = await cassette();
    const dify = MockDify.fromCassette(recorded);
    const harness = createTestHarness(plugin, { dify });
    await harness.invokeTool({ provider: "p", tool: "t", parameters: { query: "refund" } });
    const failure = await harness.close().catch((e: unknown) => e);
    expect(CassetteUnusedError.isInstance(failure)).toBe(true);
    expect((failure as CassetteUnusedError).unused).toEqual(["call 2: tool builtin/acme/kb/kb/search"]);
  });
});

describe("reading cassettes", () => {
  it("names the line and what is wrong", () => {
    const header = '{"cassette":"dify-reverse-calls","version":1}';
    const bad = (text: string) => {
      try {
        parseCassette(text, "x.jsonl");
      } catch (error) {
        expect(CassetteFormatError.isInstance(error)).toBe(true);
        return (error as Error).message;
      }
      throw new Error("parsed");
    };
    expect(bad("")).toBe("bad cassette x.jsonl:1: empty: no header line");
    expect(bad('{"version":1}')).toContain("bad cassette x.jsonl:1: the first line must be the header");
    expect(bad('{"cassette":"dify-reverse-calls","version":7}')).toContain("version 7 is newer");
    expect(bad(`${header}\n{"call":1}`)).toMatch(/^bad cassette x\.jsonl:2: /);
    expect(bad(`${header}\nnot json`)).toContain("x.jsonl:2: not JSON");
    expect(() => readCassette(join(dir, "missing.jsonl"))).toThrow(/cannot read it \(ENOENT\)/);
    const entries = [{ call: 1, session: 1, type: "llm", request: {}, reply: [{ nonsense: 1 }] }];
    const invalid = JSON.parse(
      JSON.stringify({ header: { cassette: "dify-reverse-calls", version: 1 }, entries }),
    );
    expect(() => MockDify.fromCassette(invalid)).toThrow(/^bad cassette cassette: entries\.0\.reply\.0/);
  });

  it("takes hand-written entries (end defaults to true)", async () => {
    const dify = MockDify.fromCassette({
      header: { cassette: "dify-reverse-calls", version: 1, recorded_by: "hand" },
      entries: [
        {
          call: 1,
          session: 1,
          type: "tool",
          request: {
            tool_type: "builtin",
            provider: "acme/kb/kb",
            tool: "search",
            tool_parameters: { query: "[redacted]" },
          },
          reply: [{ stream: { type: "text", message: { text: "written by hand" }, meta: null } }],
        },
      ],
    });
    expect((await replay(dify, { query: "anything" })).text).toBe("written by hand");
  });
});
