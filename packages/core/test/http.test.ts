import { readFileSync } from "node:fs";
import { checkEndpointReply, type EndpointReplyItem } from "@x/protocol";
import { describe, expect, it } from "vitest";
import {
  decodeRawHttpRequest,
  ENDPOINT_BODY_CHUNK_BYTES,
  endpointReplyItems,
  MAX_ENDPOINT_BODY_CHUNK_BYTES,
  RawHttpRequestError,
  replyHeaders,
} from "../src/internal.js";

interface Vector {
  name: string;
  expectedHead: string;
  body: string;
  bodyHex?: boolean;
  decoded: { method: string; url: string; headers: [string, string][]; body?: string; pathname?: string };
}
const fixture = JSON.parse(
  readFileSync(
    new URL("../../protocol/test/fixtures/endpoint-copy-request-vectors.json", import.meta.url),
    "utf8",
  ),
) as { vectors: Vector[] };

const hex = (text: string | Uint8Array) => Buffer.from(text).toString("hex");

async function collect(items: AsyncIterable<EndpointReplyItem>): Promise<EndpointReplyItem[]> {
  const out: EndpointReplyItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function bodyOf(items: readonly EndpointReplyItem[]): Buffer {
  return Buffer.concat(items.map((item) => Buffer.from(item.result ?? "", "hex")));
}

describe("decodeRawHttpRequest: the daemon's copyRequest vectors through llhttp", () => {
  it.each(fixture.vectors.map((vector) => [vector.name, vector] as const))("%s", async (_name, vector) => {
    const raw = Buffer.concat([
      Buffer.from(vector.expectedHead, "latin1"),
      Buffer.from(vector.body, vector.bodyHex ? "hex" : "latin1"),
    ]);
    const request = await decodeRawHttpRequest(raw.toString("hex"));
    expect(request.method).toBe(vector.decoded.method);
    expect(request.url).toBe(vector.decoded.url);
    expect([...request.headers]).toEqual(vector.decoded.headers);
    const expectedBody = vector.decoded.body ?? vector.body;
    if (request.method === "GET" || request.method === "HEAD") expect(request.body).toBeNull();
    else {
      const bytes = Buffer.from(await request.arrayBuffer());
      expect(bytes.toString("hex")).toBe(
        vector.bodyHex ? expectedBody : Buffer.from(expectedBody, "latin1").toString("hex"),
      );
    }
    if (vector.decoded.pathname)
      expect(decodeURIComponent(new URL(request.url).pathname)).toBe(vector.decoded.pathname);
  });

  it("decodes a chunked body of several chunks with extensions and trailers, dropping Transfer-Encoding", async () => {
    const raw =
      "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" +
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
    const request = await decodeRawHttpRequest(hex(raw));
    expect(request.headers.has("transfer-encoding")).toBe(false);
    expect(await request.text()).toBe("hello world");
  });

  it("streams a 10 MiB binary body intact", async () => {
    const body = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    const head = Buffer.from(`POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: ${body.length}\r\n\r\n`);
    const request = await decodeRawHttpRequest(Buffer.concat([head, body]));
    const reader = request.body!.getReader();
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks++;
      parts.push(next.value);
    }
    expect(chunks).toBeGreaterThan(0);
    expect(Buffer.concat(parts).equals(body)).toBe(true);
  });

  it("keeps the query string raw and repeated headers appended", async () => {
    const request = await decodeRawHttpRequest(
      hex("GET /s?q=a+b&q=c%20d HTTP/1.1\r\nHost: h\r\nAccept: a\r\nAccept: b\r\n\r\n"),
    );
    expect(new URL(request.url).searchParams.getAll("q")).toEqual(["a b", "c d"]);
    expect(request.headers.get("accept")).toBe("a, b");
  });

  it("gives the request the caller's signal", async () => {
    const controller = new AbortController();
    const request = await decodeRawHttpRequest(hex("GET / HTTP/1.1\r\nHost: h\r\n\r\n"), {
      signal: controller.signal,
    });
    controller.abort(new Error("session ended"));
    expect(request.signal.aborted).toBe(true);
  });

  it.each([
    ["not hex", "zz", "not_hex"],
    ["empty", new Uint8Array(), "empty"],
    ["an invalid method", hex("G@T / HTTP/1.1\r\n\r\n"), "HPE_INVALID_METHOD"],
    ["a cut-off head", hex("GET / HTTP/1.1\r\nHost: h\r\n"), "HPE_INVALID_EOF_STATE"],
  ])("refuses %s with RawHttpRequestError", async (_what, raw, reason) => {
    const error = await decodeRawHttpRequest(raw).catch((e: unknown) => e);
    expect(RawHttpRequestError.isInstance(error)).toBe(true);
    expect((error as RawHttpRequestError).reason).toBe(reason);
    expect((error as RawHttpRequestError).code).toBe("DIFY_ERR_RAW_HTTP_REQUEST");
  });

  it("fails the body stream of a request whose body is cut short", async () => {
    const request = await decodeRawHttpRequest(
      hex("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc"),
    );
    await expect(request.text()).rejects.toThrow();
  });
});

describe("endpointReplyItems: a Response as the daemon's reply rules want it", () => {
  it("sends a small body in one item carrying status, headers and result", async () => {
    const items = await collect(
      endpointReplyItems(Response.json({ ok: true }, { status: 201, headers: { "x-trace": "1" } })),
    );
    expect(items).toEqual([
      {
        status: 201,
        headers: { "content-type": "application/json", "x-trace": "1" },
        result: hex('{"ok":true}'),
      },
    ]);
    expect(checkEndpointReply(items)).toMatchObject({
      problems: [],
      warnings: [],
      status: 201,
      bodyItems: 1,
    });
  });

  it("answers a null body with one item and an empty result", async () => {
    const items = await collect(endpointReplyItems(new Response(null, { status: 204 })));
    expect(items).toEqual([{ status: 204, headers: {}, result: "" }]);
  });

  it("splits a large binary body into items of at most maxChunkBytes, every later item carrying only result", async () => {
    const body = Buffer.alloc(2.5 * ENDPOINT_BODY_CHUNK_BYTES);
    for (let i = 0; i < body.length; i++) body[i] = i & 0xff;
    const items = await collect(endpointReplyItems(new Response(body)));
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items.slice(1)) expect(Object.keys(item)).toEqual(["result"]);
    for (const item of items)
      expect((item.result ?? "").length).toBeLessThanOrEqual(2 * ENDPOINT_BODY_CHUNK_BYTES);
    expect(bodyOf(items).equals(body)).toBe(true);
    expect(checkEndpointReply(items).problems).toEqual([]);
    // Every frame stays under the daemon's 5 MiB line limit.
    for (const item of items) expect(JSON.stringify(item).length).toBeLessThan(5 * 1024 * 1024);
  });

  it("sends the head at once when the body is not ready, then each chunk as it is produced", async () => {
    let push!: (text: string | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) =>
          text === null ? controller.close() : controller.enqueue(new TextEncoder().encode(text));
      },
    });
    const items = endpointReplyItems(
      new Response(body, { headers: { "content-type": "text/event-stream" } }),
    )[Symbol.asyncIterator]();
    expect((await items.next()).value).toEqual({
      status: 200,
      headers: { "content-type": "text/event-stream" },
      result: "",
    });
    const second = items.next();
    push("data: 1\n\n");
    expect((await second).value).toEqual({ result: hex("data: 1\n\n") });
    const third = items.next();
    push("data: 2\n\n");
    expect((await third).value).toEqual({ result: hex("data: 2\n\n") });
    const end = items.next();
    push(null);
    expect((await end).done).toBe(true);
  });

  it("reads the next chunk only when the previous item was taken (backpressure), and cancels the body when stopped", async () => {
    let pulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new Uint8Array([pulls]));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const items = endpointReplyItems(new Response(body))[Symbol.asyncIterator]();
    await items.next();
    await items.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls).toBeLessThanOrEqual(3);
    await items.return(undefined);
    expect(cancelled).toBe(true);
  });

  it("sends no body bytes for HEAD", async () => {
    const items = await collect(endpointReplyItems(new Response("hello"), { method: "HEAD" }));
    expect(items).toEqual([
      { status: 200, headers: { "content-type": "text/plain;charset=UTF-8" }, result: "" },
    ]);
  });

  it("drops hop-by-hop headers and all but the first Set-Cookie, with a warning", () => {
    const headers = new Headers([
      ["connection", "keep-alive"],
      ["transfer-encoding", "chunked"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["content-length", "5"],
    ]);
    const warnings: string[] = [];
    expect(replyHeaders(headers, (message) => warnings.push(message))).toEqual({
      "content-length": "5",
      "set-cookie": "a=1",
    });
    expect(warnings[0]).toMatch(/sets 2 cookies; the daemon forwards only the first/);
  });

  it("answers Response.error() with 500", async () => {
    const warnings: string[] = [];
    const items = await collect(endpointReplyItems(Response.error(), { onWarning: (m) => warnings.push(m) }));
    expect(items[0]?.status).toBe(500);
    expect(warnings).toHaveLength(1);
  });

  it("refuses a maxChunkBytes whose hex would cross the line limit", async () => {
    await expect(
      collect(endpointReplyItems(new Response("x"), { maxChunkBytes: MAX_ENDPOINT_BODY_CHUNK_BYTES + 1 })),
    ).rejects.toThrow(/maxChunkBytes/);
  });

  it("fails when the body stream produces something that is not bytes", async () => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(42);
        controller.close();
      },
    });
    await expect(collect(endpointReplyItems(new Response(body)))).rejects.toThrow(/Uint8Array/);
  });
});
