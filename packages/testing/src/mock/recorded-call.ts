/** How the mock answered a call. */
export type CallOutcome = "answered" | "default" | "not_mocked" | "permission_denied";

/** One reverse call the plugin made, with everything it sent. */
export interface RecordedCall {
  /** 0-based position among all calls the mock received. */
  readonly index: number;
  /** The invoke type (`tool`, `node_question_classifier`, `storage`, ...). */
  readonly type: string;
  /** The `request` object exactly as the plugin sent it. */
  readonly request: Record<string, unknown>;
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

/** A reverse call as the daemon end hands it to the mock. */
export interface IncomingCall {
  readonly type: string;
  readonly request: Record<string, unknown>;
  readonly sessionId: string;
  readonly backwardsRequestId: string;
  readonly userId: string;
}

/** Describes a call for messages: tools by `providerType/provider/tool`, others by type. */
export function describeCall(type: string, request: Record<string, unknown>): string {
  if (type === "tool")
    return `tool ${String(request.tool_type)}/${String(request.provider)}/${String(request.tool)}`;
  return type;
}
