import { type InvocationStream, ProtocolError } from "@x/core";
import { DecodedStream } from "@x/core/internal";
import { type AppEvent, ErrorEventSchema, toAppEvent } from "@x/protocol";
import { AppRunError } from "./errors.js";

/** What a chat or completion stream adds up to. */
export interface ChatAnswer {
  /** The full answer (deltas joined; a `message_replace` replaces what came before). */
  answer: string;
  /** The conversation to pass as `conversation_id` to continue it (chat apps). */
  conversation_id: string | undefined;
  /** The id of the answer message. */
  message_id: string | undefined;
  /** `message_end` metadata: `usage`, `retriever_resources`, ... */
  metadata: Record<string, unknown>;
  /** Files the app produced (`message_file` URLs). */
  files: string[];
}

/** What a workflow stream adds up to: the `workflow_finished` event's `data`. */
export interface WorkflowRunResult {
  /** The run id. */
  workflow_run_id: string | undefined;
  /** `succeeded`, `failed`, `stopped`, ... */
  status: string | undefined;
  /** The workflow's output variables. */
  outputs: Record<string, unknown>;
  /** The whole `data` object of `workflow_finished`. */
  data: Record<string, unknown>;
}

/**
 * A streamed app run: iterate it for {@link AppEvent}s (unknown events arrive raw as `event: "unknown"`). An
 * `error` event from Dify ends the stream with {@link AppRunError}. One cursor, read once.
 */
export class AppEventStream extends DecodedStream<AppEvent> {
  private readonly appId: string;

  /** @internal */
  constructor(source: InvocationStream<unknown>, appId: string) {
    super(source);
    this.appId = appId;
  }

  /** Reads the rest of a chat, agent or completion run and joins its answer. */
  async answer(): Promise<ChatAnswer> {
    const result: ChatAnswer = {
      answer: "",
      conversation_id: undefined,
      message_id: undefined,
      metadata: {},
      files: [],
    };
    for await (const event of this) {
      switch (event.event) {
        case "message":
        case "agent_message":
          result.answer += event.answer;
          result.conversation_id ??= event.conversation_id;
          result.message_id ??= event.message_id ?? event.id;
          break;
        case "message_replace":
          result.answer = event.answer;
          break;
        case "message_file":
          result.files.push(event.url);
          break;
        case "message_end":
          result.metadata = event.metadata ?? {};
          result.conversation_id ??= event.conversation_id;
          result.message_id ??= event.message_id ?? event.id;
          break;
        default:
          break;
      }
    }
    return result;
  }

  /** Reads the rest of a workflow run and returns its `workflow_finished` data; a failed run throws `AppRunError`. */
  async result(): Promise<WorkflowRunResult> {
    let finished: WorkflowRunResult | undefined;
    for await (const event of this) {
      if (event.event === "workflow_finished") {
        finished = {
          workflow_run_id: event.workflow_run_id,
          status: typeof event.data.status === "string" ? event.data.status : undefined,
          outputs: isRecord(event.data.outputs) ? event.data.outputs : {},
          data: event.data,
        };
      }
    }
    if (!finished)
      throw new ProtocolError(`app ${this.appId}: the stream ended without a workflow_finished event`);
    if (finished.status === "failed") {
      const message = typeof finished.data.error === "string" ? finished.data.error : "workflow failed";
      throw new AppRunError(this.appId, message);
    }
    return finished;
  }

  protected decode(item: unknown): AppEvent {
    if (!isRecord(item)) throw new ProtocolError(`app ${this.appId}: a streamed event is not an object`);
    if (item.event === "error") {
      const error = ErrorEventSchema.safeParse(item);
      const data = error.success ? error.data : { message: undefined, code: undefined, status: undefined };
      throw new AppRunError(this.appId, data.message ?? "the app reported an error", {
        errorCode: data.code,
        status: data.status,
      });
    }
    return toAppEvent(item);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
