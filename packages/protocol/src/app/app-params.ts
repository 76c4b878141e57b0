import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** A file passed to an app: an uploaded file (`session.file.upload` → `toAppFileParameter`) or a remote URL. */
export const AppFileSchema = lazySchema(() =>
  z.union([
    z.object({
      type: z.enum(["document", "image", "audio", "video", "custom"]),
      transfer_method: z.literal("local_file"),
      upload_file_id: z.string().min(1),
    }),
    z.object({
      type: z.enum(["document", "image", "audio", "video", "custom"]),
      transfer_method: z.literal("remote_url"),
      url: z.url(),
    }),
  ]),
);
/** A file passed to an app. */
export type AppFile = z.input<typeof AppFileSchema>;

const ResponseMode = lazySchema(() => z.enum(["streaming", "blocking"]));
const common = lazySchema(() => ({
  /** The app to run (its id in the workspace). */
  app_id: z.string().min(1),
  /** The app's input variables. */
  inputs: z.record(z.string(), z.unknown()).default({}),
  /** Files for the app's file inputs (the daemon of Dify 1.x may drop them; see README). */
  files: z.array(AppFileSchema).optional(),
}));

/** Parameters of `session.app.chat.invoke(...)` (chat, agent and chatflow apps). */
export const ChatParamsSchema = lazySchema(() =>
  z.object({
    ...common,
    /** The user's message. */
    query: z.string().min(1),
    /** Continue this conversation (from a previous answer's `conversation_id`). */
    conversation_id: z.string().optional(),
    /** `streaming` (default, as in the Python SDK) or `blocking`. */
    response_mode: ResponseMode.default("streaming"),
  }),
);
/** Parameters of `session.app.chat.invoke(...)`. */
export type ChatParams = z.input<typeof ChatParamsSchema>;

/** The `request` of an `app` call to a chat app, as the Python SDK sends it (`invocations/app/chat.py`). */
export const ChatRequestSchema = lazySchema(() =>
  ChatParamsSchema.transform((input) => ({
    app_id: input.app_id,
    query: input.query,
    inputs: input.inputs,
    response_mode: input.response_mode,
    conversation_id: input.conversation_id ?? null,
    ...(input.files ? { files: input.files } : {}),
  })),
);

/** The `request` of a chat `app` call as sent. */
export type ChatRequest = z.output<typeof ChatRequestSchema>;

/** Parameters of `session.app.completion.invoke(...)` and `session.app.workflow.invoke(...)`. */
export const RunParamsSchema = lazySchema(() =>
  z.object({
    ...common,
    /** `blocking` (default, as in the Python SDK) or `streaming`. */
    response_mode: ResponseMode.default("blocking"),
  }),
);
/** Parameters of `session.app.completion.invoke(...)` and `session.app.workflow.invoke(...)`. */
export type RunParams = z.input<typeof RunParamsSchema>;

/** The `request` of an `app` call to a completion or workflow app (`invocations/app/{completion,workflow}.py`). */
export const RunRequestSchema = lazySchema(() =>
  RunParamsSchema.transform((input) => ({
    app_id: input.app_id,
    inputs: input.inputs,
    response_mode: input.response_mode,
    ...(input.files ? { files: input.files } : {}),
  })),
);

/** The `request` of a completion or workflow `app` call as sent. */
export type RunRequest = z.output<typeof RunRequestSchema>;

/** The `request` of a `fetch_app` call. */
export const FetchAppRequestSchema = lazySchema(() =>
  z.object({
    app_id: z
      .string({ error: "app_id must be a non-empty string" })
      .min(1, "app_id must be a non-empty string"),
  }),
);

/** Dify's blocking answer of a chat or completion app. */
export const ChatResponseSchema = lazySchema(() =>
  z.looseObject({
    event: z.string().optional(),
    task_id: z.string().optional(),
    id: z.string().optional(),
    message_id: z.string().optional(),
    conversation_id: z.string().optional(),
    mode: z.string().optional(),
    answer: z.string(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    created_at: z.number().optional(),
  }),
);
/** Dify's blocking answer of a chat or completion app. */
export type ChatResponse = z.output<typeof ChatResponseSchema>;

/** Dify's blocking answer of a workflow app. */
export const WorkflowResponseSchema = lazySchema(() =>
  z.looseObject({
    task_id: z.string().optional(),
    workflow_run_id: z.string().optional(),
    data: z.looseObject({
      id: z.string().optional(),
      workflow_id: z.string().optional(),
      status: z.string().optional(),
      outputs: z.record(z.string(), z.unknown()).nullish(),
      error: z.string().nullish(),
      elapsed_time: z.number().optional(),
      total_tokens: z.number().optional(),
      total_steps: z.number().optional(),
      created_at: z.number().optional(),
      finished_at: z.number().nullish(),
    }),
  }),
);
/** Dify's blocking answer of a workflow app. */
export type WorkflowResponse = z.output<typeof WorkflowResponseSchema>;

/** What `fetchApp` returns: Dify's app info (`name`, `description`, `mode`, ... as Dify sends them). */
export const AppInfoSchema = lazySchema(() =>
  z.looseObject({
    id: z.string().optional(),
    name: z.string().optional(),
    description: z.string().nullish(),
    mode: z.string().optional(),
  }),
);
/** Dify's app info. */
export type AppInfo = z.output<typeof AppInfoSchema>;
