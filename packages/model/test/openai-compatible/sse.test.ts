import { describe, expect, it } from "vitest";
import { sseData } from "../../src/openai-compatible/index.js";

async function events(pieces: string[] | Uint8Array[]): Promise<string[]> {
  async function* source() {
    for (const piece of pieces) yield typeof piece === "string" ? new TextEncoder().encode(piece) : piece;
  }
  const out: string[] = [];
  for await (const data of sseData(source())) out.push(data);
  return out;
}

describe("sseData", () => {
  it("yields the data of each event, joining multi-line data with LF and skipping comments and other fields", async () => {
    expect(await events([": keep-alive\n", "event: x\nid: 1\ndata: a\ndata: b\n\n", "data:c\n\n"])).toEqual([
      "a\nb",
      "c",
    ]);
  });

  it("reads CRLF, CR and a CRLF split across pieces", async () => {
    expect(await events(["data: one\r", "\n\r\ndata: two\r\rdata: three\n\n"])).toEqual([
      "one",
      "two",
      "three",
    ]);
  });

  it("reassembles an event and a UTF-8 character split across pieces", async () => {
    const bytes = new TextEncoder().encode('data: {"t":"é€"}\n\n');
    const pieces = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(await events(pieces)).toEqual(['{"t":"é€"}']);
  });

  it("dispatches a last event the stream ended without a blank line for", async () => {
    expect(await events(["data: x\n\ndata: [DONE]"])).toEqual(["x", "[DONE]"]);
  });
});
