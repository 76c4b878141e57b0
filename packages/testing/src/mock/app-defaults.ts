import type { InvokeReply } from "@x/protocol";
import type { MockDify } from "./mock-dify.js";
import type { RecordedCall } from "./recorded-call.js";

// Default answers for `app`, `fetch_app` and `upload_file`, after the daemon's own mock
// (internal/core/dify_invocation/mock/mock.go). `storage` is answered by `MemoryStorage` (§4.8).

const CONVERSATION = "45701982-8118-4bc5-8e9b-64562b4555f2";
const MESSAGE = "5ad4cb98-f0c7-4085-b384-88c403be6290";

/**
 * The signed URL {@link defaultUploadFileAnswer} hands out. The daemon mock answers a public video URL; this one
 * is on the reserved `.invalid` domain (RFC 2606) so a test that forgot to intercept the upload POST fails
 * instead of sending bytes anywhere. Intercept it with an undici `MockAgent` (the `dispatcher` option of
 * `session.file.upload`) or give `dify.uploadFile({ url })` a local server's URL.
 */
export const DEFAULT_UPLOAD_URL = "https://upload.invalid/files/mock-upload?signature=mock";

/**
 * `app`: streaming → the daemon mock's agent events (three `agent_message` deltas, then `message_end` with usage;
 * its retriever resource and `message_file` event are left out); blocking → one chat `message` answer with the joined text. A workflow app in blocking mode
 * needs its own answer (`{ data: { status, outputs } }`).
 */
export function defaultAppAnswer(call: RecordedCall<"app">): InvokeReply<"app"> | InvokeReply<"app">[] {
  const now = Math.floor(Date.now() / 1000);
  const request = call.request as { conversation_id?: unknown; response_mode?: unknown };
  const conversation = typeof request.conversation_id === "string" ? request.conversation_id : CONVERSATION;
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
  if (request.response_mode === "blocking") {
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
export function defaultFetchAppAnswer(): InvokeReply<"fetch_app"> {
  return { name: "test" };
}

/** `upload_file`: a signed URL ({@link DEFAULT_UPLOAD_URL}), the one field the daemon mock's answer has. */
export function defaultUploadFileAnswer(): InvokeReply<"upload_file"> {
  return { url: DEFAULT_UPLOAD_URL };
}

/** Registers the `app` and `fetch_app` defaults on `dify`. */
export function useAppDefaults(dify: MockDify): MockDify {
  dify.app();
  dify.fetchApp();
  return dify;
}
