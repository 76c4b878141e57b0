import { SessionClosedError } from "../errors/session-closed-error.js";
import { FileClient } from "../file/file-client.js";
import type { InvocationEngine } from "../invocation/invocation-engine.js";
import type { InvocationStream } from "../invocation/invocation-stream.js";
import type { InvokeOptions } from "../invocation/invoke-options.js";
import type { Logger } from "../logger/logger.js";
import type { InvokeType } from "../protocol/invoke-types.js";
import type { RequestData, RequestFrame, SessionContext } from "../protocol/request-frame.js";
import { StorageClient } from "../storage/storage-client.js";

/**
 * One daemon request being handled. Carries the request's identity, an `AbortSignal` that fires when the
 * session ends or the connection drops, the logger, and `invoke()` for reverse calls.
 *
 * Feature packages add typed entry points (`session.tool`, `session.workflowNode`, ...) through
 * {@link SessionExtension}s installed with `plugin.use(...)`.
 */
export class Session {
  /** The daemon's session id; every frame of this session carries it. */
  readonly id: string;
  /** Dify conversation id, when the request came from a conversation. */
  readonly conversationId: string | null;
  /** Dify message id, when there is one. */
  readonly messageId: string | null;
  /** Dify app id, when the request came from an app. */
  readonly appId: string | null;
  /** Endpoint id, for `invoke_endpoint` sessions. */
  readonly endpointId: string | null;
  /** Dify's session context (`credentials.tool_credentials` maps provider → credential id). */
  readonly context: SessionContext;
  /** The end user (`""` for endpoint sessions). */
  readonly userId: string;
  /** The request's access type (`tool`, `model`, `endpoint`, ...). */
  readonly type: string;
  /** The request's action (`invoke_tool`, ...). */
  readonly action: string;
  /** The request payload. */
  readonly data: RequestData;
  /** Logger for this session; never prints credentials. */
  readonly logger: Logger;

  private readonly controller = new AbortController();
  private readonly engine: InvocationEngine;
  private storageClient: StorageClient | undefined;
  private fileClient: FileClient | undefined;

  /** @internal Sessions are created by the runtime. */
  constructor(frame: RequestFrame, engine: InvocationEngine, logger: Logger) {
    this.id = frame.session_id;
    this.conversationId = frame.conversation_id ?? null;
    this.messageId = frame.message_id ?? null;
    this.appId = frame.app_id ?? null;
    this.endpointId = frame.endpoint_id ?? null;
    this.context = frame.context;
    this.data = frame.data;
    this.userId = frame.data.user_id;
    this.type = frame.data.type;
    this.action = frame.data.action;
    this.engine = engine;
    this.logger = logger;
  }

  /** Aborts when the session ends, is cancelled, or loses its connection. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The plugin's persistent key-value store (`storage` reverse call); created on first use. */
  get storage(): StorageClient {
    this.storageClient ??= new StorageClient(this);
    return this.storageClient;
  }

  /** Uploads files to Dify (`upload_file` reverse call + HTTP POST); created on first use. */
  get file(): FileClient {
    this.fileClient ??= new FileClient(this);
    return this.fileClient;
  }

  /** True once the session has ended. */
  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Makes a reverse call: sends `{type, backwards_request_id, request}` as an `invoke` session message and returns
   * the stream of the `data` of each `response` event. The session's signal is combined with `options.signal`.
   */
  invoke<T = unknown>(
    type: InvokeType | (string & {}),
    request: Record<string, unknown>,
    options: InvokeOptions = {},
  ): InvocationStream<T> {
    if (this.ended) {
      const error = new SessionClosedError(this.id);
      return this.engine.invoke<T>(this.id, type, request, {
        ...options,
        signal: AbortSignal.abort(error),
      });
    }
    return this.engine.invoke<T>(this.id, type, request, options);
  }

  /** @internal Ends the session: aborts its signal with `reason`. */
  end(reason: Error): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
