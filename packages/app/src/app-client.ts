import { defineSessionExtension, type InvokeOptions } from "@x/core";
import { failedStream, invokeOne, parseInput, type SessionBase } from "@x/core/internal";
import {
  type AppInfo,
  AppInfoSchema,
  type ChatParams,
  ChatRequestSchema,
  type ChatResponse,
  ChatResponseSchema,
  FetchAppRequestSchema,
  type RunParams,
  RunRequestSchema,
  type WorkflowResponse,
  WorkflowResponseSchema,
} from "@x/protocol";
import type { z } from "zod";
import { AppEventStream } from "./app-event-stream.js";
import { AppRunError } from "./errors.js";

/** What the app client needs from a session. */
export type AppInvoker = Pick<SessionBase, "invoke">;

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
    const streaming = params?.response_mode !== "blocking";
    return send(this.session, streaming, params, ChatRequestSchema, ChatResponseSchema, options, "chat");
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
    const streaming = params?.response_mode === "streaming";
    return send(this.session, streaming, params, RunRequestSchema, ChatResponseSchema, options, "completion");
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
    const streaming = params?.response_mode === "streaming";
    const result = send(
      this.session,
      streaming,
      params,
      RunRequestSchema,
      WorkflowResponseSchema,
      options,
      "workflow",
    );
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

/**
 * Runs an app call streamed or blocking. Bad params are reported before anything is sent: from the stream's first
 * read or from the promise, as the caller's form expects.
 */
function send<S extends z.ZodType>(
  session: AppInvoker,
  streaming: boolean,
  params: { app_id?: unknown } | undefined,
  request: z.ZodType<Record<string, unknown>>,
  reply: S,
  options: InvokeOptions,
  kind: string,
): AppEventStream | Promise<z.output<S>> {
  let payload: Record<string, unknown>;
  try {
    payload = parseInput(request, params, { what: `app (${kind})` });
  } catch (error) {
    const appId = String(params?.app_id ?? "");
    return streaming ? new AppEventStream(failedStream("app", error), appId) : Promise.reject(error);
  }
  const appId = String(payload.app_id);
  return streaming
    ? new AppEventStream(session.invoke("app", payload, options), appId)
    : invokeOne(session, "app", payload, reply, { ...options, what: `app ${appId}` });
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
    const request = parseInput(FetchAppRequestSchema, { app_id: appId }, { what: "fetch_app" });
    return invokeOne(this.session, "fetch_app", request, AppInfoSchema, {
      ...options,
      what: `fetch_app ${appId}`,
    });
  }
}

/** `session.app`: add it to a tool's `uses` (or `plugin.use(appExtension)`) and enable `resource.permission.app`. */
export const appExtension = defineSessionExtension({
  name: "app",
  exportName: "appExtension",
  packageName: "@x/app",
  create: (session) => new AppClient(session),
});
