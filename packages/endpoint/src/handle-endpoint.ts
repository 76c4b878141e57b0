import { type Plugin, type Session, ValidationError } from "@x/core";
import { decodeRawHttpRequest, endpointReplyItems, parseInput, RawHttpRequestError } from "@x/core/internal";
import {
  DIFY_HOOK_ID_HEADER,
  DIFY_HOOK_URL_HEADER,
  type EndpointReplyItem,
  InvokeEndpointRequestSchema,
  type RequestData,
} from "@x/protocol";
import type { AnyEndpointDefinition, EndpointContext } from "./define-endpoint.js";
import type { EndpointGroup } from "./define-endpoint-group.js";
import { EndpointResponseError } from "./errors.js";
import { decodePathname } from "./path-pattern.js";
import { maskSettings, readSettings } from "./settings.js";

// One group per Plugin: the daemon keeps a single endpoint declaration (§1.3.2).
const groups = new WeakMap<Plugin, EndpointGroup>();

/** @internal Routes `endpoint/invoke_endpoint` of `plugin` to `group`. */
export function registerGroup(plugin: Plugin, group: EndpointGroup): void {
  const existing = groups.get(plugin);
  if (existing === group) return;
  if (existing) {
    throw new ValidationError(
      "this plugin already has an endpoint group; Dify keeps one per plugin, so put every endpoint in one group",
      { field: "endpoints" },
    );
  }
  groups.set(plugin, group);
  plugin.on("endpoint", "invoke_endpoint", (session, data) => handleEndpoint(group, session, data));
}

/** What the router found for a method and path. */
type Match =
  | { kind: "found"; endpoint: AnyEndpointDefinition; params: Record<string, string> }
  | { kind: "method"; allow: string[] }
  | { kind: "none" };

/** Finds the endpoint for `method` and the (decoded) `pathname`; a GET endpoint also answers HEAD. */
export function matchEndpoint(group: EndpointGroup, method: string, pathname: string): Match {
  const allow = new Set<string>();
  let headFallback: { endpoint: AnyEndpointDefinition; params: Record<string, string> } | undefined;
  for (const endpoint of group.endpoints) {
    const params = endpoint.pattern.match(pathname);
    if (params === undefined) continue;
    if (endpoint.method === method) return { kind: "found", endpoint, params };
    allow.add(endpoint.method);
    if (endpoint.method === "GET") {
      allow.add("HEAD");
      if (method === "HEAD") headFallback ??= { endpoint, params };
    }
  }
  if (headFallback) return { kind: "found", ...headFallback };
  return allow.size > 0 ? { kind: "method", allow: [...allow] } : { kind: "none" };
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}

async function* handleEndpoint(
  group: EndpointGroup,
  session: Session,
  data: RequestData,
): AsyncGenerator<EndpointReplyItem, void, undefined> {
  const input = parseInput(InvokeEndpointRequestSchema, data, { what: "invoke_endpoint request" });
  let request: Request;
  try {
    request = await decodeRawHttpRequest(input.raw_http_request, { signal: session.signal });
  } catch (error) {
    if (!RawHttpRequestError.isInstance(error)) throw error;
    session.logger.warn(error.message);
    yield* endpointReplyItems(text(400, `Bad Request: ${error.message}`));
    return;
  }
  const url = new URL(request.url);
  const match = matchEndpoint(group, request.method, decodePathname(url.pathname));
  const onWarning = (message: string) => session.logger.warn(message);
  if (match.kind !== "found") {
    const response =
      match.kind === "method"
        ? text(405, `Method ${request.method} is not allowed for ${url.pathname}`, {
            allow: match.allow.join(", "),
          })
        : text(404, `Not Found: no endpoint for ${request.method} ${url.pathname}`);
    yield* endpointReplyItems(response, { method: request.method, onWarning });
    return;
  }
  const { endpoint, params } = match;
  const name = `${endpoint.method} ${endpoint.path}`;
  let response: Response;
  try {
    const context: EndpointContext = {
      session,
      settings: readSettings(group.settings, input.settings) as EndpointContext["settings"],
      params,
      signal: session.signal,
      hookId: request.headers.get(DIFY_HOOK_ID_HEADER) ?? "",
      hookUrl: request.headers.get(DIFY_HOOK_URL_HEADER),
      endpointId: session.endpointId,
      logger: session.logger,
    };
    // The context fits the endpoint's own type: the group installed the extensions it `uses`, its settings form
    // is the group's, and its path's variables are the ones matched.
    const result: unknown = await endpoint.invoke(request, context as never);
    if (!isResponse(result)) throw new EndpointResponseError(name, describe(result));
    response = result;
  } catch (error) {
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const message = maskSettings(`endpoint ${name} failed: ${what}`, group.settings, input.settings);
    session.logger.warn(message);
    response = text(500, `Internal Server Error: ${message}`);
  }
  yield* endpointReplyItems(response, { method: request.method, onWarning });
}

function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  // A Response from another copy of undici (a bundled fetch polyfill) is accepted by shape.
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Response).status === "number" &&
    typeof (value as Response).headers?.entries === "function" &&
    "body" in value
  );
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "object") return `an object (${value.constructor?.name ?? "Object"})`;
  return `a ${typeof value}`;
}
