import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";

/** One request for the CLI: `type`, `action`, `data`, and optional envelope keys (`context`, `appId`, ...). */
export interface RequestLine extends DaemonRequestOptions {
  type: string;
  action: string;
  data: Record<string, unknown>;
}

/** One HTTP call to the plugin's endpoints for the CLI: `{"endpoint": {"method", "path", ...}, "settings": {}}`. */
export interface EndpointLine {
  endpoint: { method: string; path: string; headers: Record<string, string>; body?: string };
  settings: Record<string, unknown>;
  hookId?: string;
}

/** True when a request object is an {@link EndpointLine} (it has an `endpoint` key). */
export function isEndpointLine(value: unknown): boolean {
  return typeof value === "object" && value !== null && "endpoint" in value;
}

/** Checks one endpoint call object; throws a `TypeError` naming what is missing. */
export function parseEndpointLine(value: unknown): EndpointLine {
  const record = value as Record<string, unknown>;
  const call = record.endpoint as Record<string, unknown> | null;
  if (
    typeof call !== "object" ||
    call === null ||
    typeof call.path !== "string" ||
    !call.path.startsWith("/")
  ) {
    throw new TypeError(
      'an endpoint call needs {"endpoint": {"method": "POST", "path": "/x", "body": "..."}}',
    );
  }
  const headers = typeof call.headers === "object" && call.headers !== null ? call.headers : {};
  const body =
    call.body === undefined
      ? undefined
      : typeof call.body === "string"
        ? call.body
        : JSON.stringify(call.body);
  return {
    endpoint: {
      method: typeof call.method === "string" ? call.method.toUpperCase() : "GET",
      path: call.path,
      headers: headers as Record<string, string>,
      ...(body === undefined ? {} : { body }),
    },
    settings:
      typeof record.settings === "object" && record.settings !== null
        ? (record.settings as Record<string, unknown>)
        : {},
    ...(typeof record.hookId === "string" ? { hookId: record.hookId } : {}),
  };
}

/** Checks one request object; throws a `TypeError` naming what is missing. */
export function parseRequestLine(value: unknown): RequestLine {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      'a request must be a JSON object like {"type":"tool","action":"invoke_tool","data":{}}',
    );
  }
  const record = value as Record<string, unknown>;
  if (typeof record.type !== "string" || typeof record.action !== "string") {
    throw new TypeError("a request needs string `type` and `action`");
  }
  const data = record.data ?? {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new TypeError("a request's `data` must be a JSON object");
  }
  const out: RequestLine = {
    type: record.type,
    action: record.action,
    data: data as Record<string, unknown>,
  };
  if (typeof record.sessionId === "string") out.sessionId = record.sessionId;
  if (typeof record.appId === "string") out.appId = record.appId;
  if (typeof record.conversationId === "string") out.conversationId = record.conversationId;
  if (typeof record.messageId === "string") out.messageId = record.messageId;
  if (typeof record.endpointId === "string") out.endpointId = record.endpointId;
  if (typeof record.context === "object" && record.context !== null) {
    out.context = record.context as Record<string, unknown>;
  }
  if (typeof record.timeout === "number") out.timeout = record.timeout;
  return out;
}
