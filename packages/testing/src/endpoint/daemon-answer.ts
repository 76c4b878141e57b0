import { canonicalHeaderName, ENDPOINT_DEFAULT_STATUS, EndpointReplyItemSchema } from "@x/protocol";
import type { SessionResult } from "../daemon/session-result.js";

// The daemon's side of an endpoint reply (`InvokeEndpoint`, `internal/core/io_tunnel/endpoint_service.go`, and the
// writer in `internal/service/endpoint.go`), as a Fetch `Response`: status and headers are read from the items
// until the first one with `result`; that item starts the body, and every later item's `result` is appended as it
// arrives. An `error` message before the body becomes the daemon's 500 JSON answer; after it, the error's text is
// written into the body.

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** What {@link answerLikeDaemon} needs: the request to run, told about each `stream` item as it arrives. */
export type EndpointSessionRun = (onStream: (item: unknown) => void) => Promise<SessionResult>;

/**
 * Runs one `invoke_endpoint` session and resolves with the `Response` the daemon would give the HTTP caller, as
 * soon as the daemon would (when the first body item arrives, or when the session ends). The body then streams
 * the rest of the items as they come. A reply the daemon could not turn into an answer rejects (or fails the
 * body stream) with an error that says which item broke which rule.
 */
export function answerLikeDaemon(run: EndpointSessionRun): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let status = ENDPOINT_DEFAULT_STATUS;
    const headers = new Map<string, string>();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    let started = false;
    let failed = false;
    let index = -1;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      if (started) controller?.error(error);
      else reject(error);
    };
    const open = () => {
      started = true;
      try {
        resolve(respond(status, headers, body));
      } catch (error) {
        started = false;
        fail(error as Error);
      }
    };
    const onStream = (raw: unknown) => {
      index++;
      if (failed) return;
      const parsed = EndpointReplyItemSchema.safeParse(raw);
      if (!parsed.success) {
        fail(
          new Error(`endpoint reply item ${index}: ${parsed.error.issues.map((i) => i.message).join("; ")}`),
        );
        return;
      }
      const item = parsed.data;
      if (started) {
        if (item.result === null || item.result === undefined) {
          fail(
            new Error(
              `endpoint reply item ${index} has no result after the body started: the daemon's body writer fails`,
            ),
          );
          return;
        }
        if (item.result.length > 0) controller?.enqueue(Buffer.from(item.result, "hex"));
        return;
      }
      if (item.status !== null && item.status !== undefined) status = item.status;
      for (const [name, value] of Object.entries(item.headers ?? {})) {
        const key = canonicalHeaderName(name);
        if (!headers.has(key)) headers.set(key, value);
      }
      if (item.result !== null && item.result !== undefined) {
        if (item.result.length > 0) controller?.enqueue(Buffer.from(item.result, "hex"));
        open();
      }
    };
    run(onStream).then(
      (result) => {
        if (failed) return;
        if (!started) {
          if (result.error) {
            // InvokeEndpoint returned the session's error: `ctx.JSON(500, InternalServerError(err))`.
            const message = JSON.stringify({
              message: goErrorText(result.error),
              error_type: "PluginDaemonInternalServerError",
              args: null,
            });
            const text = JSON.stringify({ code: -500, message, data: null });
            resolve(new Response(text, { status: 500, headers: { "Content-Type": "application/json" } }));
            controller?.close();
            return;
          }
          open();
          if (failed) return;
        } else if (result.error) {
          controller?.enqueue(Buffer.from(goErrorText(result.error), "utf8"));
        }
        controller?.close();
      },
      (error: Error) => fail(error),
    );
  });
}

function respond(status: number, headers: Map<string, string>, body: ReadableStream<Uint8Array>): Response {
  if (status < 200 || status > 599) {
    throw new Error(
      `the endpoint reply has status ${status}${status === ENDPOINT_DEFAULT_STATUS ? " (no item set one; the daemon's default)" : ""}: a Fetch Response needs 200-599`,
    );
  }
  const nullBody = NULL_BODY_STATUSES.has(status);
  if (nullBody) void body.cancel();
  return new Response(nullBody ? null : body, { status, headers: [...headers] });
}

/** The text of a plugin error as the daemon prints it (`ErrorResponse.Error()`: its JSON with sorted keys). */
function goErrorText(error: { error_type: string; message: string; args?: unknown }): string {
  return JSON.stringify({ args: error.args ?? null, error_type: error.error_type, message: error.message });
}
