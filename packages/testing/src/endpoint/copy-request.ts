import {
  canonicalHeaderName,
  DIFY_HOOK_ID_HEADER,
  DIFY_HOOK_URL_HEADER,
  difyHookUrl,
  ENDPOINT_MAX_BODY_BYTES,
  ENDPOINT_STRIPPED_HEADERS,
  X_ORIGINAL_HOST_HEADER,
} from "@x/protocol";

// The daemon's side of an endpoint call, rebuilt byte for byte: the `/e/:hook_id/*path` handler
// (`internal/server/endpoint.go`), `copyRequest` (`internal/service/endpoint.go`) and Go's `http.Request.Write`
// (`net/http/request.go`, `transfer.go`), which turn the HTTP call Dify received into `raw_http_request` (§2.4.2).

/** An HTTP call as the daemon's Go server parsed it, before `copyRequest` rewrites it. */
export interface DaemonIncomingCall {
  /** The method (`POST`). */
  method: string;
  /** The endpoint path after `/e/<hook_id>`, decoded (Go's `URL.Path`, gin's `*path`), starting with `/`. */
  path: string;
  /** The query as sent, without `?` (Go's `URL.RawQuery`). */
  rawQuery?: string;
  /** True when the target ended with a bare `?` (Go's `URL.ForceQuery`). */
  forceQuery?: boolean;
  /** The `Host` the call came with (ASCII). */
  host: string;
  /** True when the call came over TLS. */
  tls?: boolean;
  /** Header lines in order, repeated names allowed (the `Host` line excluded); values are bytes as latin1 text. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** The body as received. */
  body?: Uint8Array;
}

/** Options of {@link daemonRawHttpRequest} and {@link rawHttpRequestLikeDaemon}. */
export interface DaemonCopyOptions {
  /** The endpoint's hook id (default `"hook"`). */
  hookId?: string;
}

/** Go's default User-Agent, written when the caller sent none (`net/http/request.go` `defaultUserAgent`). */
export const GO_DEFAULT_USER_AGENT = "Go-http-client/1.1";

// Headers `Request.Write` writes itself, then leaves out of the sorted rest (`reqWriteExcludeHeader`).
const WRITE_EXCLUDED = new Set(["Host", "User-Agent", "Content-Length", "Transfer-Encoding", "Trailer"]);
// Methods whose empty body Go probes and drops instead of sending it chunked (`requestMethodUsuallyLacksBody`).
const USUALLY_BODYLESS = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "PROPFIND", "SEARCH"]);

/**
 * The exact bytes of `raw_http_request` for `call` (before hex encoding): the path becomes the endpoint path, the
 * query is re-encoded with sorted keys, the body is cut to 10 MiB with `Content-Length` set (an empty POST or PUT
 * body goes out chunked, as Go writes it), the `X-Forwarded-For` family is deleted, Host becomes the original
 * host, `Dify-Hook-Id` is set and `Dify-Hook-Url` added when absent.
 */
export function daemonRawHttpRequest(call: DaemonIncomingCall, options: DaemonCopyOptions = {}): Uint8Array {
  const hookId = options.hookId ?? "hook";
  const header = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    const key = canonicalHeaderName(name);
    const values = header.get(key);
    if (values) values.push(value);
    else header.set(key, [value]);
  };
  const get = (name: string) => header.get(canonicalHeaderName(name))?.[0] ?? "";
  for (const [name, value] of call.headers) add(name, value);

  // The /e/ handler: X-Original-Host defaults to the request's Host.
  if (get(X_ORIGINAL_HOST_HEADER) === "") header.set(X_ORIGINAL_HOST_HEADER, [call.host]);
  const originalHost = get(X_ORIGINAL_HOST_HEADER);
  const hookUrlSent = get(DIFY_HOOK_URL_HEADER) !== "";
  const https = call.tls === true || get("X-Forwarded-Proto") === "https";
  for (const name of ENDPOINT_STRIPPED_HEADERS) header.delete(canonicalHeaderName(name));
  const host = originalHost !== "" ? originalHost : call.host;
  header.set(DIFY_HOOK_ID_HEADER, [hookId]);
  if (!hookUrlSent) {
    // Go formats the decoded path's bytes into the value; header text here is bytes as latin1 (as in Fetch).
    const path = Buffer.from(call.path, "utf8").toString("latin1");
    header.set(DIFY_HOOK_URL_HEADER, [difyHookUrl({ https, host, hookId, path })]);
  }

  const body = (call.body ?? new Uint8Array()).subarray(0, ENDPOINT_MAX_BODY_BYTES);
  const method = call.method || "GET";
  const query = encodeQuery(parseQuery(call.rawQuery ?? ""));
  const target = `${escapePath(call.path) || "/"}${query !== "" || call.forceQuery ? `?${query}` : ""}`;

  let head = `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n`;
  const userAgent = header.has("User-Agent") ? get("User-Agent") : GO_DEFAULT_USER_AGENT;
  if (userAgent !== "") head += `User-Agent: ${cleanValue(userAgent)}\r\n`;
  const chunked = body.byteLength === 0 && !USUALLY_BODYLESS.has(method);
  if (body.byteLength > 0 || (!chunked && (method === "POST" || method === "PUT" || method === "PATCH"))) {
    head += `Content-Length: ${body.byteLength}\r\n`;
  } else if (chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  }
  const names = [...header.keys()].filter((name) => !WRITE_EXCLUDED.has(name)).sort(compareBytes);
  for (const name of names)
    for (const value of header.get(name) ?? []) head += `${name}: ${cleanValue(value)}\r\n`;
  head += "\r\n";
  const tail = chunked ? Buffer.from("0\r\n\r\n") : body;
  return Buffer.concat([Buffer.from(head, "latin1"), tail]);
}

/**
 * {@link daemonRawHttpRequest} for a Fetch `Request` aimed at the endpoint: the URL's path is the endpoint path
 * (what follows `/e/<hook_id>`), its host the `Host`, `https:` counts as TLS. Headers come as Fetch keeps them
 * (one line per name). Resolves with the raw bytes.
 */
export async function rawHttpRequestLikeDaemon(
  request: Request,
  options: DaemonCopyOptions = {},
): Promise<Uint8Array> {
  const url = new URL(request.url);
  const search = url.search.startsWith("?") ? url.search.slice(1) : url.search;
  const bytes = request.body ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array();
  return daemonRawHttpRequest(
    {
      method: request.method,
      path: percentDecode(url.pathname).toString("utf8"),
      rawQuery: search,
      forceQuery: search === "" && request.url.split("#")[0]!.endsWith("?"),
      host: url.host,
      tls: url.protocol === "https:",
      headers: [...request.headers],
      body: bytes,
    },
    options,
  );
}

/** Go's `url.ParseQuery`: `&`-separated pairs, `+` is a space, pairs with `;` or a bad escape are dropped. */
export function parseQuery(rawQuery: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const pair of rawQuery.split("&")) {
    if (pair === "" || pair.includes(";")) continue;
    const cut = pair.indexOf("=");
    const key = queryUnescape(cut < 0 ? pair : pair.slice(0, cut));
    const value = queryUnescape(cut < 0 ? "" : pair.slice(cut + 1));
    if (key === undefined || value === undefined) continue;
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return values;
}

/** Go's `url.Values.Encode`: keys sorted (bytewise), values in order, `QueryEscape`d. */
export function encodeQuery(values: ReadonlyMap<string, readonly string[]>): string {
  const parts: string[] = [];
  for (const key of [...values.keys()].sort(compareBytes)) {
    for (const value of values.get(key) ?? []) parts.push(`${queryEscape(key)}=${queryEscape(value)}`);
  }
  return parts.join("&");
}

function queryUnescape(text: string): string | undefined {
  if (/%(?![0-9a-fA-F]{2})/.test(text)) return undefined;
  return percentDecode(text.replace(/\+/g, " ")).toString("utf8");
}

function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  const raw = Buffer.from(text, "utf8");
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (
      byte === 0x25 &&
      i + 2 < raw.length &&
      /^[0-9a-fA-F]{2}$/.test(raw.subarray(i + 1, i + 3).toString())
    ) {
      bytes.push(Number.parseInt(raw.subarray(i + 1, i + 3).toString(), 16));
      i += 2;
    } else bytes.push(byte);
  }
  return Buffer.from(bytes);
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Go's `escape(s, encodePath)`: unreserved characters and `$&+,/:;=@` stay, everything else is `%XX`. */
export function escapePath(path: string): string {
  return escapeBytes(
    Buffer.from(path, "utf8"),
    (char) => UNRESERVED.test(char) || "$&+,/:;=@".includes(char),
  );
}

/** Go's `url.QueryEscape`: unreserved characters stay, a space is `+`, everything else is `%XX`. */
export function queryEscape(text: string): string {
  return escapeBytes(Buffer.from(text, "utf8"), (char) => UNRESERVED.test(char), true);
}

function escapeBytes(bytes: Buffer, keep: (char: string) => boolean, spaceAsPlus = false): string {
  let out = "";
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && keep(char)) out += char;
    else if (spaceAsPlus && byte === 0x20) out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** What Go writes for a header value: line breaks become spaces, surrounding whitespace is trimmed. */
function cleanValue(value: string): string {
  return value.replace(/[\r\n]/g, " ").replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
