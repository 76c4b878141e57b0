import { readFileSync } from "node:fs";
import { ENDPOINT_MAX_BODY_BYTES } from "@x/protocol";
import { describe, expect, it } from "vitest";
import {
  type DaemonIncomingCall,
  daemonRawHttpRequest,
  encodeQuery,
  escapePath,
  parseQuery,
  rawHttpRequestLikeDaemon,
} from "../src/index.js";

// Byte-for-byte vectors of the daemon's copyRequest + Go's Request.Write, worked out from their source
// (packages/protocol/test/fixtures/endpoint-copy-request-vectors.json says how).
interface Vector {
  name: string;
  incoming: Omit<DaemonIncomingCall, "body">;
  expectedHead: string;
  body: string;
  bodyHex?: boolean;
}
const fixture = JSON.parse(
  readFileSync(
    new URL("../../protocol/test/fixtures/endpoint-copy-request-vectors.json", import.meta.url),
    "utf8",
  ),
) as { hookId: string; vectors: Vector[] };

const bodyOf = (vector: Vector) => Buffer.from(vector.body, vector.bodyHex ? "hex" : "latin1");

describe("daemonRawHttpRequest (copyRequest, byte for byte)", () => {
  it.each(fixture.vectors.map((vector) => [vector.name, vector] as const))("%s", (_name, vector) => {
    const chunked = vector.expectedHead.includes("Transfer-Encoding: chunked");
    const raw = daemonRawHttpRequest(
      { ...vector.incoming, body: chunked ? new Uint8Array() : bodyOf(vector) },
      { hookId: fixture.hookId },
    );
    const expected = Buffer.concat([Buffer.from(vector.expectedHead, "latin1"), bodyOf(vector)]);
    expect(Buffer.from(raw).toString("latin1")).toBe(expected.toString("latin1"));
  });

  it("cuts the body at 10 MiB and says so in Content-Length, as LimitReader does", () => {
    const body = Buffer.alloc(ENDPOINT_MAX_BODY_BYTES + 5, 0x61);
    const raw = Buffer.from(
      daemonRawHttpRequest({ method: "POST", path: "/big", host: "h", headers: [], body }, { hookId: "k" }),
    );
    const split = raw.indexOf("\r\n\r\n");
    expect(raw.subarray(0, split).toString()).toContain(`Content-Length: ${ENDPOINT_MAX_BODY_BYTES}\r\n`);
    expect(raw.byteLength - split - 4).toBe(ENDPOINT_MAX_BODY_BYTES);
  });

  it("parses and re-encodes queries like Go's url.ParseQuery and Values.Encode", () => {
    expect(encodeQuery(parseQuery("z=1&a=%41&a=b+c&x;y=1&k"))).toBe("a=A&a=b+c&k=&z=1");
    expect(encodeQuery(parseQuery("q=a%2Fb%20c&e=%E2%82%AC"))).toBe("e=%E2%82%AC&q=a%2Fb+c");
    expect(encodeQuery(parseQuery(""))).toBe("");
  });

  it("escapes paths like Go's EscapedPath: sub-delims kept, the rest percent-encoded", () => {
    expect(escapePath("/a:b@c/$&+,;=/~-_.")).toBe("/a:b@c/$&+,;=/~-_.");
    expect(escapePath("/a b/!*'()?#")).toBe("/a%20b/%21%2A%27%28%29%3F%23");
  });
});

describe("rawHttpRequestLikeDaemon (a Fetch Request as Dify would receive it)", () => {
  it("takes the URL's path as the endpoint path, its host as Host and https as TLS", async () => {
    const raw = await rawHttpRequestLikeDaemon(
      new Request("https://dify.example/users/a%2Fb?b=2&a=1", {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "test/1" },
        body: '{"a":1}',
      }),
      { hookId: "h1" },
    );
    expect(Buffer.from(raw).toString("latin1")).toBe(
      "POST /users/a/b?a=1&b=2 HTTP/1.1\r\nHost: dify.example\r\nUser-Agent: test/1\r\nContent-Length: 7\r\n" +
        "Content-Type: application/json\r\nDify-Hook-Id: h1\r\nDify-Hook-Url: https://dify.example/e/h1/users/a/b\r\n" +
        '\r\n{"a":1}',
    );
  });
});
