import { PassThrough, Writable } from "node:stream";
import { ConnectionClosedError, FrameTooLargeError, ProtocolError } from "@x/core";
import { DEFAULT_MAX_OUTBOUND_LINE, encodeFrame, FrameWriter, LineDecoder } from "@x/core/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

function decoder(maxLine?: number) {
  const frames: unknown[] = [];
  const errors: Error[] = [];
  const d = new LineDecoder(
    { onFrame: (frame) => frames.push(frame), onError: (error) => errors.push(error) },
    maxLine === undefined ? {} : { maxLine },
  );
  return { d, frames, errors };
}

/** Cuts `bytes` at the given positions (sorted, deduplicated). */
function cut(bytes: Buffer, positions: number[]): Buffer[] {
  const points = [...new Set(positions.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(bytes.subarray(last, p));
    last = p;
  }
  parts.push(bytes.subarray(last));
  return parts;
}

const jsonObject = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
const unicodeText = fc.string({ unit: "grapheme", maxLength: 40 });

describe("LineDecoder", () => {
  it("decodes frames split at any byte, including inside multi-byte UTF-8 characters", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: unicodeText, obj: jsonObject }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.constantFrom("\n", "\r\n", "\n\n"),
        (frames, positions, eol) => {
          const bytes = Buffer.from(frames.map((f) => JSON.stringify(f) + eol).join(""), "utf8");
          const { d, frames: out, errors } = decoder();
          for (const part of cut(bytes, positions)) d.push(part);
          expect(errors).toEqual([]);
          expect(out).toEqual(frames.map((f) => JSON.parse(JSON.stringify(f))));
          expect(d.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same frames, byte counts and errors whether a read holds one line, many, or part of one", () => {
    const line = fc.oneof(
      jsonObject.map((obj) => JSON.stringify(obj)),
      unicodeText.map((text) => JSON.stringify({ text })),
      fc.constantFrom("", "   ", "not json", '{"open":', "x".repeat(70), '{"t":"東京"}'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.constantFrom("\n", "\r\n")), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (lines, positions) => {
          const bytes = Buffer.from(lines.map(([text, eol]) => text + eol).join(""), "utf8");
          const run = (parts: Buffer[]) => {
            const seen: Array<[unknown, number] | string> = [];
            const d = new LineDecoder(
              {
                onFrame: (frame, size) => seen.push([frame, size]),
                onError: (error) => seen.push(error.constructor.name),
              },
              { maxLine: 64 },
            );
            for (const part of parts) d.push(part);
            d.end();
            return seen;
          };
          const whole = run([bytes]);
          expect(run(cut(bytes, positions))).toEqual(whole);
          expect(run([...bytes].map((byte) => Buffer.from([byte])))).toEqual(whole);
          // Each frame's size is its line on the wire, newline included.
          const sizes = lines
            .filter(([text]) => text.trim() !== "")
            .map(([text, eol]) => Buffer.byteLength(text + eol));
          const frameSizes = whole.filter((item) => typeof item !== "string").map((item) => item[1]);
          for (const size of frameSizes) expect(sizes).toContain(size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("splits a 4-byte emoji byte by byte", () => {
    const bytes = Buffer.from('{"t":"😀 東京"}\n', "utf8");
    const { d, frames } = decoder();
    for (const byte of bytes) d.push(Buffer.from([byte]));
    expect(frames).toEqual([{ t: "😀 東京" }]);
  });

  it("handles several frames in one read, blank lines and CRLF", () => {
    const { d, frames, errors } = decoder();
    d.push('{"a":1}\n\n   \n{"b":2}\r\n\r\n{"c":3}\n');
    expect(frames).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(errors).toEqual([]);
  });

  it("reports garbage as ProtocolError without echoing the input and goes on", () => {
    const { d, frames, errors } = decoder();
    d.push('{"api_key":"sk-very-secret"\nhello sk-very-secret\n{"ok":true}\n');
    expect(frames).toEqual([{ ok: true }]);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(ProtocolError.isInstance(error)).toBe(true);
      expect(error.message).not.toContain("sk-very-secret");
    }
  });

  it("reports a line over the limit once, never buffers it whole, and decodes the next line", () => {
    const { d, frames, errors } = decoder(1024);
    d.push('{"big":"');
    for (let i = 0; i < 100; i++) {
      d.push("x".repeat(1000));
      expect(d.bufferedBytes).toBeLessThanOrEqual(1024);
    }
    d.push('"}\n{"next":1}\n');
    expect(errors).toHaveLength(1);
    expect(FrameTooLargeError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as FrameTooLargeError).direction).toBe("inbound");
    expect(frames).toEqual([{ next: 1 }]);
  });

  it("rejects a whole over-limit line that arrives in one read", () => {
    const { d, frames, errors } = decoder(10);
    d.push('{"aaaaaaaaaaaaaaa":1}\n{"b":1}\n');
    expect(errors.map((e) => (e as FrameTooLargeError).code)).toEqual(["DIFY_ERR_FRAME_TOO_LARGE"]);
    expect(frames).toEqual([{ b: 1 }]);
  });

  it("decodes a final line without a newline on end()", () => {
    const { d, frames } = decoder();
    d.push('{"a":1}\n{"b"');
    d.push(":2}");
    d.end();
    expect(frames).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("survives arbitrary bytes: every line ends up as exactly one frame or one error", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const { d, frames, errors } = decoder(128);
        for (const chunk of chunks) d.push(chunk);
        d.end();
        const text = Buffer.concat(chunks);
        // Lines split on the newline byte and decoded as UTF-8, as the decoder does (a latin1 reading would call a
        // 0xA0 byte blank where UTF-8 reads a replacement character).
        const lines: Buffer[] = [];
        for (let start = 0; start <= text.length; ) {
          const nl = text.indexOf(0x0a, start);
          const end = nl === -1 ? text.length : nl;
          lines.push(text.subarray(start, end));
          start = end + 1;
        }
        const nonBlank = lines.filter(
          (line) => line.toString("utf8").replace(/\r$/, "").trim() !== "",
        ).length;
        expect(frames.length + errors.length).toBeLessThanOrEqual(nonBlank);
        expect(d.bufferedBytes).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("encodeFrame", () => {
  it("writes compact JSON plus one newline", () => {
    expect(encodeFrame({ event: "heartbeat", session_id: null, data: {} })).toBe(
      '{"event":"heartbeat","session_id":null,"data":{}}\n',
    );
  });

  it("refuses a frame over the outbound limit with FrameTooLargeError, counting UTF-8 bytes", () => {
    const limit = 64;
    const ok = { t: "é".repeat(20) };
    expect(Buffer.byteLength(encodeFrame(ok, limit))).toBeLessThanOrEqual(limit);
    const error = (() => {
      try {
        encodeFrame({ t: "é".repeat(40) }, limit);
      } catch (caught) {
        return caught;
      }
    })() as FrameTooLargeError;
    expect(FrameTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ direction: "outbound", limit });
    expect(error.size).toBeGreaterThan(limit);
  });

  it("defaults to the daemon's 5 MiB line limit", () => {
    expect(() => encodeFrame({ x: "a".repeat(DEFAULT_MAX_OUTBOUND_LINE) })).toThrow(/5242880/);
  });
});

describe("FrameWriter", () => {
  it("joins the lines sent in one event-loop turn into one write(), in order", async () => {
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        writes.push(chunk.toString());
        callback();
      },
    });
    const writer = new FrameWriter(stream);
    await Promise.all(["a\n", "b\n", "c\n"].map((line) => writer.send(line)));
    await writer.send("d\n");
    expect(writes).toEqual(["a\nb\nc\n", "d\n"]);
  });

  it("writes a batch as soon as it reaches coalesceBytes, and every line alone with coalesceBytes 0", async () => {
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        writes.push(chunk.toString());
        callback();
      },
    });
    const batched = new FrameWriter(stream, undefined, { coalesceBytes: 6 });
    const sends = ["aa\n", "bb\n", "cc\n"].map((line) => batched.send(line));
    // The first two lines reach the 6-unit budget and are written before the turn ends.
    expect(writes).toEqual(["aa\nbb\n"]);
    await Promise.all(sends);
    expect(writes).toEqual(["aa\nbb\n", "cc\n"]);
    writes.length = 0;
    const single = new FrameWriter(stream, undefined, { coalesceBytes: 0 });
    await Promise.all(["x\n", "y\n"].map((line) => single.send(line)));
    expect(writes).toEqual(["x\n", "y\n"]);
  });

  it("close() still writes the lines batched in this turn when the stream is open", async () => {
    const writes: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        writes.push(chunk.toString());
        callback();
      },
    });
    const writer = new FrameWriter(stream);
    const sent = [writer.send("last-1\n"), writer.send("last-2\n")];
    writer.close();
    await Promise.all(sent);
    expect(writes).toEqual(["last-1\nlast-2\n"]);
    await expect(writer.send("after\n")).rejects.toSatisfy(ConnectionClosedError.isInstance);
  });

  it("keeps order across batches when a slow consumer pushes back", async () => {
    const writes: string[] = [];
    let release: (() => void) | undefined;
    const stream = new Writable({
      highWaterMark: 8,
      write(chunk, _encoding, callback) {
        writes.push(chunk.toString());
        release = callback;
      },
    });
    const writer = new FrameWriter(stream, undefined, { coalesceBytes: 16 });
    const lines = Array.from({ length: 40 }, (_, i) => `line-${i}\n`);
    const sends = lines.map((line) => writer.send(line));
    while (writes.join("").length < lines.join("").length || release) {
      const next = release;
      release = undefined;
      next?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(sends);
    expect(writes.join("")).toBe(lines.join(""));
    expect(writes.length).toBeLessThan(lines.length);
  });

  it("waits for drain when the stream pushes back, and keeps order under a slow consumer", async () => {
    const writes: string[] = [];
    let release: (() => void) | undefined;
    const stream = new Writable({
      highWaterMark: 8,
      write(chunk, _encoding, callback) {
        writes.push(chunk.toString());
        release = callback;
      },
    });
    const writer = new FrameWriter(stream, undefined, { coalesceBytes: 0 });
    const lines = Array.from({ length: 20 }, (_, i) => `line-${i}\n`);
    let settled = 0;
    const sends = lines.map((line) => writer.send(line).then(() => settled++));
    await new Promise((resolve) => setImmediate(resolve));
    // Two 7-byte lines fill the 8-byte buffer: the rest wait in the writer, not in the stream.
    expect(writer.queued).toBe(18);
    expect(settled).toBe(2);
    while (writes.length < lines.length || release) {
      const next = release;
      release = undefined;
      next?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(sends);
    expect(writes).toEqual(lines);
  });

  it("rejects queued and later lines with ConnectionClosedError once the stream is gone", async () => {
    const stream = new PassThrough({ highWaterMark: 1 });
    const writer = new FrameWriter(stream);
    await writer.send("first\n");
    const queued = writer.send("second\n");
    stream.destroy();
    await expect(queued).rejects.toSatisfy(ConnectionClosedError.isInstance);
    await expect(writer.send("third\n")).rejects.toSatisfy(ConnectionClosedError.isInstance);
  });
});
