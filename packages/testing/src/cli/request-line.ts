import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";

/** One request for the CLI: `type`, `action`, `data`, and optional envelope keys (`context`, `appId`, ...). */
export interface RequestLine extends DaemonRequestOptions {
  type: string;
  action: string;
  data: Record<string, unknown>;
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
