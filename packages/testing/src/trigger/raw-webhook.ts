// A webhook call as Dify hands it to the daemon for `dispatch_trigger_event` (§2.4.3): Dify's API receives the
// call on the subscription's endpoint and writes it as a raw HTTP/1.1 request (request line with the path and
// query, the caller's headers, the body), which the daemon forwards as hex. And the other way: the `response`
// of the dispatch reply, hex of a raw HTTP/1.1 response, read back into a Fetch `Response`.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Headers Dify's server recomputes, so they are written from the body rather than copied. */
const FRAMING = new Set(["content-length", "transfer-encoding", "host"]);

/**
 * The raw HTTP/1.1 bytes of `request` as a webhook caller sent it: `METHOD /path?query HTTP/1.1`, `Host` from the
 * URL, every header in order, `Content-Length` of the body (when there is one), a blank line, the body.
 */
export async function rawWebhookRequest(request: Request): Promise<Uint8Array> {
  const url = new URL(request.url);
  const body = request.body === null ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of request.headers) {
    if (!FRAMING.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
  }
  if (body.length > 0 || !["GET", "HEAD"].includes(request.method))
    lines.push(`Content-Length: ${body.length}`);
  const head = encoder.encode(`${lines.join("\r\n")}\r\n\r\n`);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** {@link rawWebhookRequest} as lower-case hex: the `raw_http_request` of a trigger request. */
export async function rawWebhookRequestHex(request: Request): Promise<string> {
  return Buffer.from(await rawWebhookRequest(request)).toString("hex");
}

/**
 * Reads the hex `response` of a `dispatch_trigger_event` reply (what `serializeHttpResponseHex` writes) into a
 * Fetch `Response`: status, headers in order, body. Throws an `Error` saying what is wrong when it is not an
 * HTTP/1.1 response.
 */
export function parseRawHttpResponse(raw: string | Uint8Array): Response {
  const bytes = typeof raw === "string" ? new Uint8Array(Buffer.from(raw, "hex")) : raw;
  let end = -1;
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("not an HTTP response: no blank line ends the head");
  const [statusLine = "", ...headerLines] = decoder.decode(bytes.subarray(0, end)).split("\r\n");
  const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(statusLine)}`);
  const status = Number(match[1]);
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`not a header line: ${JSON.stringify(line)}`);
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const body = bytes.subarray(end + 4);
  const nullBody = status === 204 || status === 304;
  return new Response(nullBody ? null : body, { status, headers });
}
