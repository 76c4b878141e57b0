import type { ErrorPayload, ToolInvokeMessage } from "@x/protocol";
import type { DaemonPeer, DaemonRequestOptions } from "../daemon/daemon-peer.js";
import type { SessionResult } from "../daemon/session-result.js";
import { rawHttpRequestLikeDaemon } from "../endpoint/copy-request.js";
import { answerLikeDaemon } from "../endpoint/daemon-answer.js";
import { NotMockedError } from "../errors/not-mocked-error.js";
import type { MockDify } from "../mock/mock-dify.js";
import type { RecordedCall } from "../mock/recorded-call.js";
import { DatasourceDriver } from "./datasource-driver.js";
import { decodeToolMessages, textOf } from "./decode-tool-messages.js";
import {
  fetchParameterOptions,
  OAuthDriver,
  type ParameterOptionsOptions,
  type ParameterOptionsRun,
} from "./provider-hooks-driver.js";

/** Options of {@link PluginConnection.invokeTool}: the `invoke_tool` request fields and the session envelope. */
export interface InvokeToolOptions extends DaemonRequestOptions {
  /** The tool provider's name (its `identity.name`). */
  provider: string;
  /** The tool's name. */
  tool: string;
  /** `tool_parameters`. */
  parameters?: Record<string, unknown>;
  /** Provider credentials, already decrypted. */
  credentials?: Record<string, unknown>;
  /** `api-key` (default), `oauth2` or `unauthorized`. */
  credentialType?: string;
  /** The end user (default `""`). */
  userId?: string;
}

/** Options of {@link PluginConnection.fetch}: the endpoint's settings, hook id and the session envelope. */
export interface EndpointFetchOptions extends Omit<DaemonRequestOptions, "onStream"> {
  /** The endpoint's settings, already decrypted (`settings` of `invoke_endpoint`; default `{}`). */
  settings?: Record<string, unknown>;
  /** The endpoint's hook id: `Dify-Hook-Id` and part of `Dify-Hook-Url` (default `"hook"`). */
  hookId?: string;
}

/** What a tool run produced. */
export interface ToolRunResult {
  /** The session id. */
  readonly sessionId: string;
  /** Decoded messages, blob chunks reassembled into `blob` messages holding bytes. */
  readonly messages: ToolInvokeMessage[];
  /** All `text` messages joined. */
  readonly text: string;
  /** The tool's error (`error_type`, `message`, `args`), or null when it succeeded. */
  readonly error: ErrorPayload | null;
  /** The reverse calls the tool made, with their requests. */
  readonly calls: RecordedCall[];
  /** The raw `stream` items as sent on the wire. */
  readonly items: unknown[];
}

/**
 * A plugin seen from the fake daemon: send it requests and read what each session produced. Shared by the
 * in-process harness, the stdio launcher and the TCP fake daemon.
 */
export class PluginConnection {
  /** The mock answering reverse calls. */
  readonly dify: MockDify;
  /** The fake daemon's end (heartbeats, logs, frames the daemon would refuse). */
  readonly daemon: DaemonPeer;

  /**
   * Runs a provider's OAuth flow as Dify does: `authorizationUrl`, `credentials` (the callback sent as raw HTTP)
   * and `refresh` (§2.3 `oauth` rows).
   */
  readonly oauth: OAuthDriver;

  private readonly strict: boolean;
  private readonly ready: Promise<void>;
  private datasourceDriver: DatasourceDriver | undefined;

  /** @internal Built by `createTestHarness`, `launchStdioPlugin` and the TCP fake daemon. */
  constructor(daemon: DaemonPeer, dify: MockDify, options: { strict?: boolean; ready?: Promise<void> } = {}) {
    this.daemon = daemon;
    this.dify = dify;
    this.strict = options.strict ?? true;
    this.ready = options.ready ?? Promise.resolve();
    // Surface start failures on first use, not as an unhandled rejection.
    this.ready.catch(() => {});
    this.oauth = new OAuthDriver((type, action, data, envelope) =>
      this.request(type, action, data, envelope),
    );
  }

  /**
   * Sends any request `(type, action, data)` and resolves with what the session sent. In strict mode (the default)
   * it rejects with {@link NotMockedError} when the session made a reverse call nobody mocked, and with
   * `CassetteMismatchError` when a replayed cassette had no recorded call matching one.
   */
  async request(
    type: string,
    action: string,
    data: Record<string, unknown> = {},
    options: DaemonRequestOptions = {},
  ): Promise<SessionResult> {
    await this.ready;
    const result = await this.daemon.request(type, action, data, options);
    if (this.strict) {
      const mismatch = result.calls.find((call) => call.outcome === "replay_mismatch");
      const error = mismatch ? this.dify.mismatchOf(mismatch) : undefined;
      if (error) throw error;
      const unmocked = result.calls.filter((call) => call.outcome === "not_mocked");
      if (unmocked.length > 0) throw new NotMockedError(unmocked.map((call) => call.description));
    }
    return result;
  }

  /** Runs one tool like Dify's `invoke_tool` and decodes what it emitted. */
  async invokeTool(options: InvokeToolOptions): Promise<ToolRunResult> {
    const { provider, tool, parameters, credentials, credentialType, userId, ...envelope } = options;
    const result = await this.request(
      "tool",
      "invoke_tool",
      {
        user_id: userId ?? "",
        provider,
        tool,
        tool_parameters: parameters ?? {},
        credentials: credentials ?? {},
        ...(credentialType === undefined ? {} : { credential_type: credentialType }),
      },
      envelope,
    );
    const messages = decodeToolMessages(result.items);
    return {
      sessionId: result.sessionId,
      messages,
      text: textOf(messages),
      error: result.error,
      calls: result.calls,
      items: result.items,
    };
  }

  /**
   * Calls the plugin's endpoints as Dify would: `request` (its URL path is the endpoint path, what follows
   * `/e/<hook_id>`) is rewritten and serialised exactly like the daemon's `copyRequest`, sent as `invoke_endpoint`,
   * and the reply is turned into a `Response` the way the daemon answers: it resolves once the body starts (or the
   * session ends), and the body streams as the plugin sends it. `options.endpointId` defaults to `"endpoint"`.
   */
  async fetch(request: Request, options: EndpointFetchOptions = {}): Promise<Response> {
    const { settings, hookId, ...envelope } = options;
    const raw = await rawHttpRequestLikeDaemon(request, hookId === undefined ? {} : { hookId });
    const data = { raw_http_request: Buffer.from(raw).toString("hex"), settings: settings ?? {} };
    return answerLikeDaemon((onStream) =>
      this.request("endpoint", "invoke_endpoint", data, {
        endpointId: "endpoint",
        ...envelope,
        onStream,
      }),
    );
  }

  /** Drives the plugin's datasource actions: `crawl`, `pages`, `pageContent`, `browse`, `download`... */
  get datasource(): DatasourceDriver {
    this.datasourceDriver ??= new DatasourceDriver((type, action, data, options) =>
      this.request(type, action, data, options),
    );
    return this.datasourceDriver;
  }

  /** Asks for the options of a `dynamic-select` parameter like Dify's `fetch_parameter_options`. */
  parameterOptions(options: ParameterOptionsOptions): Promise<ParameterOptionsRun> {
    return fetchParameterOptions(
      (type, action, data, envelope) => this.request(type, action, data, envelope),
      options,
    );
  }

  /** Drops the connection as a network failure would: every in-flight call of the plugin fails. */
  dropConnection(): void {
    this.daemon.drop();
  }

  /** Waits until the connection has started (and, for launched plugins, until they are ready). */
  protected async whenReady(): Promise<void> {
    await this.ready;
  }
}
