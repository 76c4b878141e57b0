import {
  defineSessionExtension,
  type InvokeOptions,
  invokeOne,
  parseInput,
  type Session,
  ValidationError,
} from "@x/core";
import type { z } from "zod";
import { AppEventStream } from "./app-event-stream.js";
import {
  type AppInfo,
  AppInfoSchema,
  type ChatParams,
  ChatParamsSchema,
  type ChatResponse,
  ChatResponseSchema,
  type RunParams,
  RunParamsSchema,
  type WorkflowResponse,
  WorkflowResponseSchema,
} from "./app-params.js";
import { AppRunError } from "./errors.js";

/** What the app client needs from a session. */
export type AppInvoker = Pick<Session, "invoke">;

function failedEvents(error: unknown, appId: string): AppEventStream {
  const fail = () => Promise.reject(error);
  return new AppEventStream(
    { id: "", type: "app", toArray: fail, first: fail, [Symbol.asyncIterator]: () => ({ next: fail }) },
    appId,
  );
}

/** `session.app.chat`: run a chat, agent or chatflow app. */
export class ChatAppClient {
  private readonly session: AppInvoker;

  constructor(session: AppInvoker) {
    this.session = session;
  }

  /** Streams the run's events (the default). */
  invoke(params: ChatParams & { response_mode?: "streaming" }, options?: InvokeOptions): AppEventStream;
  /** Waits for the whole answer. */
  invoke(params: ChatParams & { response_mode: "blocking" }, options?: InvokeOptions): Promise<ChatResponse>;
  invoke(params: ChatParams, options: InvokeOptions = {}): AppEventStream | Promise<ChatResponse> {
    return send(
      this.session,
      params?.response_mode !== "blocking",
      params,
      ChatResponseSchema,
      options,
      () => {
        const input = parseInput(ChatParamsSchema, params, { what: "app (chat)" });
        // The Python SDK's chat payload (invocations/app/chat.py); `files` only when given.
        return {
          app_id: input.app_id,
          query: input.query,
          inputs: input.inputs,
          response_mode: input.response_mode,
          conversation_id: input.conversation_id ?? null,
          ...(input.files ? { files: input.files } : {}),
        };
      },
    );
  }
}

/** `session.app.completion`: run a text-generation (completion) app. */
export class CompletionAppClient {
  private readonly session: AppInvoker;

  constructor(session: AppInvoker) {
    this.session = session;
  }

  /** Waits for the whole answer (the default). */
  invoke(params: RunParams & { response_mode?: "blocking" }, options?: InvokeOptions): Promise<ChatResponse>;
  /** Streams the run's events. */
  invoke(params: RunParams & { response_mode: "streaming" }, options?: InvokeOptions): AppEventStream;
  invoke(params: RunParams, options: InvokeOptions = {}): AppEventStream | Promise<ChatResponse> {
    return run(this.session, "completion", params, options, ChatResponseSchema);
  }
}

/** `session.app.workflow`: run a workflow app. */
export class WorkflowAppClient {
  private readonly session: AppInvoker;

  constructor(session: AppInvoker) {
    this.session = session;
  }

  /** Waits for the run to finish (the default). */
  invoke(
    params: RunParams & { response_mode?: "blocking" },
    options?: InvokeOptions,
  ): Promise<WorkflowResponse>;
  /** Streams the run's events; `await stream.result()` gives the outputs. */
  invoke(params: RunParams & { response_mode: "streaming" }, options?: InvokeOptions): AppEventStream;
  invoke(params: RunParams, options: InvokeOptions = {}): AppEventStream | Promise<WorkflowResponse> {
    const result = run(this.session, "workflow", params, options, WorkflowResponseSchema);
    if (result instanceof AppEventStream) return result;
    return result.then((response) => {
      // Dify answers a failed run with 200 and status "failed": surface it like the streaming form does.
      if (response.data.status === "failed") {
        throw new AppRunError(String(params.app_id), response.data.error ?? "workflow failed");
      }
      return response;
    });
  }
}

function run<S extends z.ZodType>(
  session: AppInvoker,
  kind: string,
  params: RunParams,
  options: InvokeOptions,
  schema: S,
): AppEventStream | Promise<z.output<S>> {
  return send(session, params?.response_mode === "streaming", params, schema, options, () => {
    const input = parseInput(RunParamsSchema, params, { what: `app (${kind})` });
    // The Python SDK's completion/workflow payload (invocations/app/{completion,workflow}.py).
    return {
      app_id: input.app_id,
      inputs: input.inputs,
      response_mode: input.response_mode,
      ...(input.files ? { files: input.files } : {}),
    };
  });
}

/**
 * Runs an app call streamed or blocking. `request` builds the payload; when it throws (bad params) nothing is
 * sent and the error comes out of the stream's first read or the promise, as the caller's form expects.
 */
function send<S extends z.ZodType>(
  session: AppInvoker,
  streaming: boolean,
  params: { app_id?: unknown } | undefined,
  schema: S,
  options: InvokeOptions,
  request: () => Record<string, unknown>,
): AppEventStream | Promise<z.output<S>> {
  let payload: Record<string, unknown>;
  try {
    payload = request();
  } catch (error) {
    return streaming ? failedEvents(error, String(params?.app_id ?? "")) : Promise.reject(error);
  }
  const appId = String(payload.app_id);
  return streaming
    ? new AppEventStream(session.invoke("app", payload, options), appId)
    : invokeOne(session, "app", payload, schema, { ...options, what: `app ${appId}` });
}

/** Every Dify app a plugin can run, as `session.app.*`. Needs `resource.permission.app.enabled`. */
export class AppClient {
  /** Chat, agent and chatflow apps. */
  readonly chat: ChatAppClient;
  /** Text-generation apps. */
  readonly completion: CompletionAppClient;
  /** Workflow apps. */
  readonly workflow: WorkflowAppClient;
  private readonly session: AppInvoker;

  constructor(session: AppInvoker) {
    this.session = session;
    this.chat = new ChatAppClient(session);
    this.completion = new CompletionAppClient(session);
    this.workflow = new WorkflowAppClient(session);
  }

  /** Fetches an app's info (`fetch_app`). */
  async fetchApp(appId: string, options: InvokeOptions = {}): Promise<AppInfo> {
    if (typeof appId !== "string" || appId.length === 0) {
      throw new ValidationError("fetch_app: app_id must be a non-empty string", { field: "app_id" });
    }
    return invokeOne(this.session, "fetch_app", { app_id: appId }, AppInfoSchema, {
      ...options,
      what: `fetch_app ${appId}`,
    });
  }
}

/** Adds `session.app` to every session: `plugin.use(appExtension)`. */
export const appExtension = defineSessionExtension("app", (session: Session) => new AppClient(session));

declare module "@x/core" {
  interface Session {
    /** Run Dify apps (installed by `plugin.use(appExtension)`). */
    readonly app: AppClient;
  }
}
