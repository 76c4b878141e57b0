import { MODEL_REPLY_SCHEMAS, MODEL_REQUEST_SCHEMAS, type ModelAction } from "@x/protocol";
import type { z } from "zod";
import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";
import type { SessionResult } from "../daemon/session-result.js";

/** What a test writes for a model action: the request as the daemon sends it, typed from `@x/protocol`. */
export type ModelRequestInput<A extends ModelAction> = z.input<(typeof MODEL_REQUEST_SCHEMAS)[A]>;

/** One reply item of a model action, read with the daemon-strict reply schema of `@x/protocol`. */
export type ModelReplyItem<A extends ModelAction> = z.output<(typeof MODEL_REPLY_SCHEMAS)[A]>;

/** What {@link invokeModelAction} resolves with. */
export interface ModelActionRun<A extends ModelAction> extends SessionResult {
  /** Every `stream` item, parsed as the daemon would read it (streamed actions: one per chunk). */
  readonly replies: ModelReplyItem<A>[];
}

/** Anything that can send a daemon request: a harness, a stdio plugin or a TCP connection. */
export interface ModelRequester {
  /** Sends `(type, action, data)` and resolves with what the session sent. */
  request(
    type: string,
    action: string,
    data?: Record<string, unknown>,
    options?: DaemonRequestOptions,
  ): Promise<SessionResult>;
}

/**
 * Sends one `model` action (§2.3) with a typed request and reads every reply item with the schema the daemon
 * validates it against: a reply Dify would refuse rejects with a `TypeError` naming the action, the item and
 * the field. A request that the daemon could not have sent is refused before it goes out.
 */
export async function invokeModelAction<A extends ModelAction>(
  connection: ModelRequester,
  action: A,
  request: ModelRequestInput<A>,
  options: DaemonRequestOptions = {},
): Promise<ModelActionRun<A>> {
  const requestSchema: z.ZodType = MODEL_REQUEST_SCHEMAS[action];
  const checked = requestSchema.safeParse(request);
  if (!checked.success) {
    throw new TypeError(`${action}: not a request the daemon sends: ${describe(checked.error)}`);
  }
  const result = await connection.request("model", action, request as Record<string, unknown>, options);
  const replySchema: z.ZodType = MODEL_REPLY_SCHEMAS[action];
  const replies = result.items.map((item, index) => {
    const parsed = replySchema.safeParse(item);
    if (!parsed.success) {
      throw new TypeError(
        `${action}: reply item ${index} would be refused by the daemon: ${describe(parsed.error)}`,
      );
    }
    return parsed.data as ModelReplyItem<A>;
  });
  return { ...result, replies };
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}
