import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

const base = lazySchema(() => ({ task_id: z.string().optional(), created_at: z.number().optional() }));
const messageIds = lazySchema(() => ({
  message_id: z.string().optional(),
  conversation_id: z.string().optional(),
}));

/** The speech events of an app with auto-play TTS. */
const TTS_EVENTS = ["tts_message", "tts_message_end"] as const;
/** The workflow (and chatflow) events, all read by one schema. */
const WORKFLOW_EVENTS = [
  "workflow_started",
  "workflow_finished",
  "node_started",
  "node_finished",
  "node_retry",
  "text_chunk",
  "iteration_started",
  "iteration_next",
  "iteration_completed",
  "loop_started",
  "loop_next",
  "loop_completed",
  "parallel_branch_started",
  "parallel_branch_finished",
  "workflow_paused",
] as const;

/** A piece of a chat or completion answer (`answer` is a delta). */
export const MessageEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.literal("message"),
    ...base,
    ...messageIds,
    id: z.string().optional(),
    answer: z.string(),
  }),
);
/** A piece of an agent app's answer (`answer` is a delta). */
export const AgentMessageEventSchema = lazySchema(() =>
  MessageEventSchema.extend({ event: z.literal("agent_message") }),
);
/** An agent reasoning step: thought, tool used and its observation. */
export const AgentThoughtEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.literal("agent_thought"),
    ...base,
    ...messageIds,
    id: z.string().optional(),
    position: z.number().optional(),
    thought: z.string().optional(),
    observation: z.string().optional(),
    tool: z.string().optional(),
    tool_input: z.string().optional(),
    message_files: z.array(z.string()).optional(),
  }),
);
/** A file produced by the app (e.g. an image), with its URL. */
export const MessageFileEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.literal("message_file"),
    ...base,
    conversation_id: z.string().optional(),
    id: z.string().optional(),
    type: z.string().optional(),
    belongs_to: z.string().optional(),
    url: z.string(),
  }),
);
/** The answer is complete: usage and retriever resources are in `metadata`. */
export const MessageEndEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.literal("message_end"),
    ...base,
    ...messageIds,
    id: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
);
/** Content moderation replaced the whole answer with `answer`. */
export const MessageReplaceEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.literal("message_replace"),
    ...base,
    ...messageIds,
    answer: z.string(),
  }),
);
/** A chunk of synthesised speech (base64 `audio`) when the app has auto-play TTS. */
export const TTSMessageEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.enum(TTS_EVENTS),
    ...base,
    ...messageIds,
    audio: z.string().optional(),
  }),
);
/** Keep-alive. */
export const PingEventSchema = lazySchema(() => z.looseObject({ event: z.literal("ping") }));

const workflowData = lazySchema(() => z.looseObject({ id: z.string().optional() }));
/** A workflow (or chatflow) event: `workflow_started`, `node_started`, `node_finished`, `text_chunk`, ... */
export const WorkflowEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.enum(WORKFLOW_EVENTS),
    ...base,
    workflow_run_id: z.string().optional(),
    data: workflowData,
  }),
);

/** An event the app streamed that this SDK does not model (or that failed its schema): kept raw. */
export interface UnknownAppEvent {
  /** Always `"unknown"`, so `switch (event.event)` narrows the known events. */
  event: "unknown";
  /** The app's original event name (`""` when it had none). */
  name: string;
  /** The item exactly as received. */
  raw: Record<string, unknown>;
}

/** One event of a streamed app run: a typed Dify event, or an {@link UnknownAppEvent} with the raw item. */
export type AppEvent =
  | z.output<typeof MessageEventSchema>
  | z.output<typeof AgentMessageEventSchema>
  | z.output<typeof AgentThoughtEventSchema>
  | z.output<typeof MessageFileEventSchema>
  | z.output<typeof MessageEndEventSchema>
  | z.output<typeof MessageReplaceEventSchema>
  | z.output<typeof TTSMessageEventSchema>
  | z.output<typeof PingEventSchema>
  | z.output<typeof WorkflowEventSchema>
  | UnknownAppEvent;

/** The app reported an error inside its stream (`{"event":"error","status","code","message"}`). */
export const ErrorEventSchema = lazySchema(() =>
  z.looseObject({
    event: z.literal("error"),
    status: z.number().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
);

const BY_NAME = new Map<string, z.ZodType<AppEvent>>([
  ["message", MessageEventSchema],
  ["agent_message", AgentMessageEventSchema],
  ["agent_thought", AgentThoughtEventSchema],
  ["message_file", MessageFileEventSchema],
  ["message_end", MessageEndEventSchema],
  ["message_replace", MessageReplaceEventSchema],
  ["ping", PingEventSchema],
  ...TTS_EVENTS.map((name) => [name, TTSMessageEventSchema] as const),
  ...WORKFLOW_EVENTS.map((name) => [name, WorkflowEventSchema] as const),
]);

/** Names of the events parsed into typed objects; any other event becomes an {@link UnknownAppEvent}. */
export const KNOWN_APP_EVENTS: readonly string[] = [...BY_NAME.keys()];

/** Parses one streamed item into an {@link AppEvent}; anything unmodelled (or malformed) is passed through raw. */
export function toAppEvent(item: Record<string, unknown>): AppEvent {
  const name = typeof item.event === "string" ? item.event : "";
  const parsed = BY_NAME.get(name)?.safeParse(item);
  return parsed?.success ? parsed.data : { event: "unknown", name, raw: item };
}
