import type { InvokeRequest, InvokeType } from "@x/protocol";

/**
 * How the mock answered a call: by a registered answer, a node default, from a cassette (`replayed`), not at all
 * (`not_mocked`; `replay_mismatch` when a cassette was replayed and no recorded call matched), or with the
 * daemon's permission denial.
 */
export type CallOutcome =
  | "answered"
  | "default"
  | "replayed"
  | "not_mocked"
  | "replay_mismatch"
  | "permission_denied";

/** One reverse call of type `T`; see {@link RecordedCall}. */
interface TypedRecordedCall<T extends InvokeType> {
  /** 0-based position among all calls the mock received. */
  readonly index: number;
  /** The invoke type (`tool`, `llm`, `node_question_classifier`, `storage`, ...). */
  readonly type: T;
  /**
   * The `request` object exactly as the plugin sent it, typed as the wire request of `T` (`InvokeRequest<T>` of
   * `@x/protocol`). The type is a promise about well-behaved plugins, not a check: the mock records whatever it
   * received, so a test of malformed requests still sees them as sent.
   */
  readonly request: InvokeRequest<T>;
  /** The session the call belongs to. */
  readonly sessionId: string;
  /** The call's `backwards_request_id`. */
  readonly backwardsRequestId: string;
  /** The end user of the session (the daemon injects it into the request it forwards). */
  readonly userId: string;
  /** A short description, e.g. `tool builtin/google/search` or `node_question_classifier`. */
  readonly description: string;
  /** How it was answered. */
  outcome: CallOutcome;
}

/**
 * One reverse call the plugin made, with everything it sent. `RecordedCall<"llm">` is an `llm` call whose `request`
 * is typed from `@x/protocol`; plain `RecordedCall` is the union over every invoke type, narrowed by
 * `call.type === "llm"`.
 */
export type RecordedCall<T extends InvokeType = InvokeType> = T extends InvokeType
  ? TypedRecordedCall<T>
  : never;

/** A reverse call as the daemon end hands it to the mock (type and request not yet trusted). */
export interface IncomingCall {
  /** The invoke type as sent (may be one the daemon does not know). */
  readonly type: string;
  /** The `request` object as sent. */
  readonly request: Record<string, unknown>;
  /** The session the call belongs to. */
  readonly sessionId: string;
  /** The call's `backwards_request_id`. */
  readonly backwardsRequestId: string;
  /** The session's end user. */
  readonly userId: string;
}

/** Describes a call for messages: tools by `providerType/provider/tool`, others by type. */
export function describeCall(type: string, request: Record<string, unknown>): string {
  if (type === "tool")
    return `tool ${String(request.tool_type)}/${String(request.provider)}/${String(request.tool)}`;
  return type;
}
