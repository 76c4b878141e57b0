// The raw HTTP response of `dispatch_trigger_event` (§2.4.3): the reply's `response` is the hex of an HTTP/1.1
// response, which Dify sends back to the webhook caller. The Python SDK builds it with h11
// (`serialize_response`, `core/utils/http_parser.py`; bytes pinned by `tests/utils/test_http_parser.py`):
//
//   HTTP/1.1 <code> \r\n          the status code, a space, and no reason phrase (h11 never sends one)
//   <Name>: <value>\r\n           each header in order, `Host` first if present; `Content-Length` and
//                                 `Transfer-Encoding` of the input are dropped
//   Content-Length: <n>\r\n       always last: the body's byte length
//   \r\n
//   <body>
//
// h11 refuses a status outside 200-999, a header name that is not an HTTP token, a value with control characters
// (NUL, CR, LF, form feed, vertical tab) or leading/trailing blanks, and a body on a 204 or 304 response.
// `serializeHttpResponse` is pure (no I/O) and follows the same rules, throwing where h11 raises.

/** One response header: name and value. */
export type HttpHeaderPair = readonly [name: string, value: string];

/** Response headers: name/value pairs in order (a `Headers` object works too), or an object of name to value(s). */
export type HttpResponseHeaders =
  | Iterable<HttpHeaderPair>
  | Readonly<Record<string, string | readonly string[]>>;

/** A response to serialise: status code, headers, body (a string is encoded as UTF-8). */
export interface HttpResponseParts {
  /** The status code, 200-999 (h11 sends no informational responses). */
  readonly status: number;
  /** The headers; `Content-Length` and `Transfer-Encoding` are replaced by the real length. */
  readonly headers?: HttpResponseHeaders;
  /** The body; empty when absent. */
  readonly body?: Uint8Array | string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// h11's field-value: empty, or visible characters (any but NUL, space, tab, CR, LF, FF, VT; UTF-8 bytes of other
// characters are allowed) in runs separated by spaces or tabs.
const FIELD_VALUE = /^(?:[^\0 \t\n\r\f\v]+(?:[ \t]+[^\0 \t\n\r\f\v]+)*)?$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DROPPED = new Set(["content-length", "transfer-encoding"]);
const encoder = new TextEncoder();

function headerPairs(headers: HttpResponseHeaders | undefined): HttpHeaderPair[] {
  if (headers === undefined) return [];
  if (Symbol.iterator in headers) return [...(headers as Iterable<HttpHeaderPair>)];
  const pairs: HttpHeaderPair[] = [];
  for (const [name, value] of Object.entries(
    headers as Readonly<Record<string, string | readonly string[]>>,
  )) {
    if (typeof value === "string") pairs.push([name, value]);
    else for (const item of value) pairs.push([name, item]);
  }
  return pairs;
}

/**
 * Serialises a response the way the Python SDK's `serialize_response` does, byte for byte: status line without a
 * reason phrase, the headers in order (`Host` first), the input's `Content-Length` / `Transfer-Encoding` replaced
 * by `Content-Length: <body bytes>`, a blank line, the body. Pure. Throws an `Error` naming the problem for a
 * status outside 200-999, an illegal header name or value, or a body on a 204 / 304.
 */
export function serializeHttpResponse(response: HttpResponseParts): Uint8Array {
  const { status } = response;
  if (!Number.isInteger(status) || status < 200 || status > 999) {
    throw new Error(`response status must be an integer from 200 to 999, not ${String(status)}`);
  }
  const body =
    typeof response.body === "string" ? encoder.encode(response.body) : (response.body ?? new Uint8Array());
  if ((status === 204 || status === 304) && body.length > 0) {
    throw new Error(`a ${status} response cannot carry a body (${body.length} bytes given)`);
  }

  const kept: HttpHeaderPair[] = [];
  for (const [name, value] of headerPairs(response.headers)) {
    if (!TOKEN.test(name)) throw new Error(`Illegal header name ${JSON.stringify(name)}`);
    if (typeof value !== "string" || !FIELD_VALUE.test(value) || LONE_SURROGATE.test(value)) {
      throw new Error(`Illegal header value for ${name}: control characters or leading/trailing blanks`);
    }
    if (!DROPPED.has(name.toLowerCase())) kept.push([name, value]);
  }
  kept.push(["Content-Length", String(body.length)]);
  const ordered = [
    ...kept.filter(([name]) => name.toLowerCase() === "host"),
    ...kept.filter(([name]) => name.toLowerCase() !== "host"),
  ];

  const head = `HTTP/1.1 ${status} \r\n${ordered.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`;
  const headBytes = encoder.encode(head);
  const bytes = new Uint8Array(headBytes.length + body.length);
  bytes.set(headBytes, 0);
  bytes.set(body, headBytes.length);
  return bytes;
}

/** Lower-case hex of `bytes`, as Python's `binascii.hexlify(...).decode()` writes it. */
function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** {@link serializeHttpResponse} as hex: the `response` value of a `dispatch_trigger_event` reply. Pure. */
export function serializeHttpResponseHex(response: HttpResponseParts): string {
  return bytesToHex(serializeHttpResponse(response));
}
