// How the daemon turns the HTTP call to `/e/<hook_id>/<path>` into `raw_http_request` (§2.4.2; `copyRequest` in
// `internal/service/endpoint.go`, the `/e/` handler in `internal/server/endpoint.go`). In order:
// 1. The handler sets `X-Original-Host` to the request's Host when the caller did not send one.
// 2. The URL path becomes the endpoint path (the part after the hook id); the query is re-encoded (keys sorted).
// 3. The body is read up to ENDPOINT_MAX_BODY_BYTES; anything longer is cut off silently, `Content-Length` is set
//    to the bytes kept and `Transfer-Encoding` is dropped.
// 4. The headers in ENDPOINT_STRIPPED_HEADERS are deleted; the Host becomes the original `X-Original-Host`.
// 5. `Dify-Hook-Id` is set to the hook id (replacing any sent value); `Dify-Hook-Url` is set with
//    {@link difyHookUrl} unless the caller sent one.
// 6. Go's `http.Request.Write` serialises it as HTTP/1.1 (adding `User-Agent: Go-http-client/1.1` when the caller
//    sent none), and the bytes are hex-encoded.

/** Largest request body the daemon forwards to an endpoint: 10 MiB; longer bodies are truncated, not refused. */
export const ENDPOINT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Headers `copyRequest` deletes before forwarding (exact names, not prefixes: `X-Forwarded-Proto`,
 * `X-Forwarded-Host` and the like are forwarded).
 */
export const ENDPOINT_STRIPPED_HEADERS = [
  "X-Forwarded-For",
  "X-Real-IP",
  "X-Forwarded",
  "X-Original-Forwarded-For",
  "X-Original-Url",
  "X-Original-Host",
] as const;

/** Header carrying the endpoint's hook id, always set by the daemon. */
export const DIFY_HOOK_ID_HEADER = "Dify-Hook-Id";

/** Header carrying the endpoint's public URL; the daemon fills it with {@link difyHookUrl} when absent. */
export const DIFY_HOOK_URL_HEADER = "Dify-Hook-Url";

/** Header whose value becomes the forwarded request's Host (then it is stripped). */
export const X_ORIGINAL_HOST_HEADER = "X-Original-Host";

/** Where the daemon serves endpoints: `/e/<hook_id><path>` (`internal/server/http_server.go`). */
export const ENDPOINT_ROUTE_PREFIX = "/e/";

/** What {@link difyHookUrl} needs. */
export interface DifyHookUrlParts {
  /** True when the call came over TLS or with `X-Forwarded-Proto: https`. */
  readonly https: boolean;
  /** The forwarded Host (`X-Original-Host`, else the request's Host). */
  readonly host: string;
  /** The endpoint's hook id. */
  readonly hookId: string;
  /** The endpoint path, starting with `/`, without the query. */
  readonly path: string;
}

/** The `Dify-Hook-Url` value the daemon sets when the caller sent none: `<scheme>://<host>/e/<hook_id><path>`. */
export function difyHookUrl(parts: DifyHookUrlParts): string {
  const scheme = parts.https ? "https" : "http";
  return `${scheme}://${parts.host}${ENDPOINT_ROUTE_PREFIX}${parts.hookId}${parts.path}`;
}
