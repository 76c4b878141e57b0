import { ProtocolError } from "@x/core";
import {
  BlobAssembler,
  BlobChunkError,
  BlobIncompleteError,
  BlobLengthMismatchError,
  BlobTooLargeError,
  chunkBlob,
  parseToolInvokeMessage,
} from "@x/core/internal";
import type { BlobChunkMessage } from "@x/protocol";
import { describe, expect, it } from "vitest";

function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = i % 256;
  return out;
}

function parsedChunks(data: Uint8Array, meta: Record<string, unknown> | null = null, id = "b1") {
  return [...chunkBlob(data, meta, { id })].map((m) => parseToolInvokeMessage(m) as BlobChunkMessage);
}

describe("parseToolInvokeMessage", () => {
  it("decodes every known message type", () => {
    const cases: Array<[unknown, unknown]> = [
      [
        { type: "text", message: { text: "hi" }, meta: null },
        { type: "text", message: { text: "hi" }, meta: null },
      ],
      [
        { type: "json", message: { json_object: { a: [1] } } },
        { type: "json", message: { json_object: { a: [1] } }, meta: null },
      ],
      [{ type: "json", message: { json_object: [1, "x"] }, meta: null }, undefined],
      [{ type: "link", message: { text: "https://x" }, meta: null }, undefined],
      [{ type: "image", message: { text: "https://x/i.png" }, meta: null }, undefined],
      [{ type: "image_link", message: { text: "https://x/i.png" }, meta: null }, undefined],
      [{ type: "binary_link", message: { url: "https://x/b" }, meta: { a: 1 } }, undefined],
      [
        { type: "file", message: null, meta: { file: "f" } },
        { type: "file", message: {}, meta: { file: "f" } },
      ],
      [
        { type: "variable", message: { variable_name: "v", variable_value: 1 }, meta: null },
        { type: "variable", message: { variable_name: "v", variable_value: 1, stream: false }, meta: null },
      ],
      [
        {
          type: "log",
          message: { id: "l", label: "step", status: "start", data: { x: 1 } },
          meta: null,
        },
        {
          type: "log",
          message: {
            id: "l",
            label: "step",
            parent_id: null,
            error: null,
            status: "start",
            data: { x: 1 },
            metadata: null,
          },
          meta: null,
        },
      ],
      [
        {
          type: "retriever_resources",
          message: { retriever_resources: [{ position: 1, content: "c", extra: true }], context: "ctx" },
          meta: null,
        },
        {
          type: "retriever_resources",
          message: { retriever_resources: [{ position: 1, content: "c", extra: true }], context: "ctx" },
          meta: null,
        },
      ],
      [
        {
          type: "blob_chunk",
          message: { id: "i", sequence: 0, total_length: 3, blob: "AAEC", end: false },
          meta: null,
        },
        undefined,
      ],
    ];
    for (const [input, expected] of cases) {
      expect(parseToolInvokeMessage(input)).toEqual(expected ?? input);
    }
  });

  it("decodes a blob's base64 into bytes and keeps its meta", () => {
    const message = parseToolInvokeMessage({
      type: "blob",
      message: { blob: "aGVsbG8gYmxvYg==" },
      meta: { filename: "x.txt", mime_type: "text/plain" },
    });
    expect(message.type).toBe("blob");
    if (message.type !== "blob") return;
    expect(Buffer.from(message.message.blob).toString()).toBe("hello blob");
    expect(message.meta).toEqual({ filename: "x.txt", mime_type: "text/plain" });
  });

  it("ignores unknown keys", () => {
    expect(parseToolInvokeMessage({ type: "text", message: { text: "a", x: 1 }, meta: null, y: 2 })).toEqual({
      type: "text",
      message: { text: "a" },
      meta: null,
    });
  });

  it("passes an unknown type through raw instead of throwing", () => {
    const raw = { type: "hologram", message: { depth: 3 }, meta: null };
    expect(parseToolInvokeMessage(raw)).toEqual({ type: "unknown", raw });
  });

  it("throws a ProtocolError naming the field of a malformed known message", () => {
    expect(() => parseToolInvokeMessage({ type: "text", message: { text: 5 } })).toThrow(/message\.text/);
    expect(() => parseToolInvokeMessage({ type: "text", message: { text: 5 } })).toThrow(ProtocolError);
    expect(() => parseToolInvokeMessage("nope")).toThrow(ProtocolError);
  });
});

describe("chunkBlob", () => {
  it("emits 8192-byte chunks then an empty end chunk, in the Python SDK's key order", () => {
    const data = bytes(19982);
    const meta = { mime_type: "application/octet-stream", filename: "b.bin" };
    const chunks = [...chunkBlob(data, meta, { id: "2ce5bab07c9744d0bda0e038e1f03de4" })];
    expect(chunks.map((c) => c.message.sequence)).toEqual([0, 1, 2, 3]);
    expect(chunks.map((c) => c.message.end)).toEqual([false, false, false, true]);
    expect(Buffer.from(chunks[0]!.message.blob, "base64")).toHaveLength(8192);
    expect(Buffer.from(chunks[2]!.message.blob, "base64")).toHaveLength(19982 - 2 * 8192);
    expect(JSON.stringify(chunks[3])).toBe(
      '{"type":"blob_chunk","message":{"id":"2ce5bab07c9744d0bda0e038e1f03de4","sequence":3,"total_length":19982,"blob":"","end":true},"meta":{"mime_type":"application/octet-stream","filename":"b.bin"}}',
    );
  });

  it("uses a fresh 32-hex id by default and sends only the terminator for an empty blob", () => {
    const chunks = [...chunkBlob(new Uint8Array(0))];
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.message).toMatchObject({ sequence: 0, total_length: 0, blob: "", end: true });
    expect(chunks[0]!.message.id).toMatch(/^[0-9a-f]{32}$/);
    expect(chunks[0]!.meta).toBeNull();
  });

  it("honours a custom chunk size on a subarray view", () => {
    const backing = bytes(100);
    const view = backing.subarray(10, 35);
    const chunks = [...chunkBlob(view, null, { chunkSize: 10, id: "v" })];
    expect(chunks).toHaveLength(4);
    const joined = Buffer.concat(chunks.map((c) => Buffer.from(c.message.blob, "base64")));
    expect([...joined]).toEqual([...view]);
  });
});

describe("BlobAssembler", () => {
  it("round-trips chunkBlob output into one blob with the end chunk's meta", () => {
    const data = bytes(50_000);
    const assembler = new BlobAssembler();
    const results = parsedChunks(data, { filename: "a" }).map((c) => assembler.push(c));
    expect(results.slice(0, -1).every((r) => r === undefined)).toBe(true);
    const blob = results.at(-1)!;
    expect(blob.type).toBe("blob");
    expect(Buffer.from(blob.message.blob).equals(Buffer.from(data))).toBe(true);
    expect(blob.meta).toEqual({ filename: "a" });
    expect(assembler.pending).toEqual([]);
    expect(() => assembler.finish()).not.toThrow();
  });

  it("reassembles chunks that arrive out of order, including the end chunk first", () => {
    const data = bytes(30_000);
    const chunks = parsedChunks(data);
    const shuffled = [chunks[4]!, chunks[2]!, chunks[0]!, chunks[3]!, chunks[1]!];
    const assembler = new BlobAssembler();
    const results = shuffled.map((c) => assembler.push(c));
    expect(results.slice(0, -1)).toEqual([undefined, undefined, undefined, undefined]);
    expect(Buffer.from(results[4]!.message.blob).equals(Buffer.from(data))).toBe(true);
  });

  it("keeps interleaved blobs apart by id", () => {
    const a = parsedChunks(bytes(9000), null, "a");
    const b = parsedChunks(new Uint8Array(9000).fill(7), null, "b");
    const assembler = new BlobAssembler();
    const out = [a[0], b[0], b[1], a[1], a[2], b[2]].map((c) => assembler.push(c!)).filter(Boolean);
    expect(out).toHaveLength(2);
    expect(out[0]!.message.blob[1]).toBe(1);
    expect(out[1]!.message.blob.every((v) => v === 7)).toBe(true);
  });

  it("reports missing chunks when the stream ends before they arrive", () => {
    const chunks = parsedChunks(bytes(40_000));
    const assembler = new BlobAssembler();
    for (const c of chunks.filter((c) => c.message.sequence !== 1 && c.message.sequence !== 3)) {
      expect(assembler.push(c)).toBeUndefined();
    }
    expect(assembler.pending).toEqual(["b1"]);
    let caught: unknown;
    try {
      assembler.finish();
    } catch (error) {
      caught = error;
    }
    expect(BlobIncompleteError.isInstance(caught)).toBe(true);
    expect((caught as BlobIncompleteError).missing).toEqual([1, 3]);
    expect((caught as BlobIncompleteError).code).toBe("DIFY_ERR_BLOB_INCOMPLETE");
  });

  it("reports a blob whose end chunk never came", () => {
    const assembler = new BlobAssembler();
    assembler.push(parsedChunks(bytes(10))[0]!);
    expect(() => assembler.finish()).toThrow(/end chunk never arrived/);
  });

  it("rejects a blob whose bytes fall short of total_length", () => {
    const chunks = parsedChunks(bytes(100));
    const lying = chunks.map((c) => ({ ...c, message: { ...c.message, total_length: 120 } }));
    const assembler = new BlobAssembler();
    assembler.push(lying[0]!);
    expect(() => assembler.push(lying[1]!)).toThrow(BlobLengthMismatchError);
    expect(assembler.pending).toEqual([]);
  });

  it("rejects a blob whose bytes exceed total_length as soon as they do", () => {
    const chunks = parsedChunks(bytes(100));
    const lying = { ...chunks[0]!, message: { ...chunks[0]!.message, total_length: 50 } };
    let caught: unknown;
    try {
      new BlobAssembler().push(lying);
    } catch (error) {
      caught = error;
    }
    expect(BlobLengthMismatchError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ expected: 50, actual: 100, code: "DIFY_ERR_BLOB_LENGTH_MISMATCH" });
  });

  it("refuses a blob over the size limit from its announced total_length", () => {
    const assembler = new BlobAssembler({ maxBlobSize: 1000 });
    const first = parsedChunks(bytes(5000))[0]!;
    expect(() => assembler.push(first)).toThrow(BlobTooLargeError);
    expect(() => assembler.push(first)).toThrow(/over the 1000-byte limit/);
  });

  it("refuses duplicate sequences and a changed total_length", () => {
    const chunks = parsedChunks(bytes(20_000));
    const assembler = new BlobAssembler();
    assembler.push(chunks[0]!);
    expect(() => assembler.push(chunks[0]!)).toThrow(BlobChunkError);
    const other = new BlobAssembler();
    other.push(chunks[0]!);
    const changed = { ...chunks[1]!, message: { ...chunks[1]!.message, total_length: 1 } };
    expect(() => other.push(changed)).toThrow(/total_length changed/);
  });
});
