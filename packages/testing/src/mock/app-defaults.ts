import type { MockDify } from "./mock-dify.js";
import type { RecordedCall } from "./recorded-call.js";

// Default answers for `app`, `fetch_app`, `upload_file` and `storage`, after the daemon's own mock
// (internal/core/dify_invocation/mock/mock.go) and its persistence rules (§4.8).

const CONVERSATION = "45701982-8118-4bc5-8e9b-64562b4555f2";
const MESSAGE = "5ad4cb98-f0c7-4085-b384-88c403be6290";

/**
 * `app`: streaming → the daemon mock's agent events (three `agent_message` deltas, `message_end` with usage,
 * `message_file`); blocking → one chat `message` answer with the joined text. A workflow app in blocking mode
 * needs its own answer (`{ data: { status, outputs } }`).
 */
export function defaultAppAnswer(call: RecordedCall): object | object[] {
  const now = Math.floor(Date.now() / 1000);
  const conversation =
    typeof call.request.conversation_id === "string" ? call.request.conversation_id : CONVERSATION;
  const deltas = ["なんで", "春日影", "やったの"];
  const usage = {
    prompt_tokens: 1033,
    prompt_unit_price: "0.001",
    prompt_price_unit: "0.001",
    prompt_price: "0.0010330",
    completion_tokens: 135,
    completion_unit_price: "0.002",
    completion_price_unit: "0.001",
    completion_price: "0.0002700",
    total_tokens: 1168,
    total_price: "0.0013030",
    currency: "USD",
    latency: 1.381760165997548,
  };
  if (call.request.response_mode === "blocking") {
    return {
      event: "message",
      task_id: "mock-task",
      id: MESSAGE,
      message_id: MESSAGE,
      conversation_id: conversation,
      mode: "chat",
      answer: deltas.join(""),
      metadata: { usage },
      created_at: now,
    };
  }
  return [
    ...deltas.map((answer) => ({
      event: "agent_message",
      message_id: MESSAGE,
      conversation_id: conversation,
      answer,
      created_at: now,
    })),
    {
      event: "message_end",
      id: "5e52ce04-874b-4d27-9045-b3bc80def685",
      conversation_id: conversation,
      created_at: now,
      metadata: { retriever_resources: [], usage },
    },
  ];
}

/** `fetch_app`: `{ name: "test" }`, as the daemon mock answers. */
export function defaultFetchAppAnswer(): object {
  return { name: "test" };
}

/** Registers the `app` and `fetch_app` defaults on `dify`. */
export function useAppDefaults(dify: MockDify): MockDify {
  dify.onInvoke("app", defaultAppAnswer);
  dify.onInvoke("fetch_app", defaultFetchAppAnswer);
  return dify;
}
