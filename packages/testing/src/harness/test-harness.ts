import {
  type ErrorPayload,
  InMemoryTransport,
  type Logger,
  type Plugin,
  PluginRuntime,
  type PluginRuntimeOptions,
  type ToolInvokeMessage,
} from "@x/core";
import { DaemonPeer, type DaemonRequestOptions } from "../daemon/daemon-peer.js";
import type { SessionResult } from "../daemon/session-result.js";
import { NotMockedError } from "../errors/not-mocked-error.js";
import { MockDify } from "../mock/mock-dify.js";
import type { RecordedCall } from "../mock/recorded-call.js";
import { decodeToolMessages, textOf } from "./decode-tool-messages.js";

/** Options of {@link createTestHarness}. */
export interface TestHarnessOptions {
  /** Answers the plugin's reverse calls (default: a fresh `MockDify` that answers nothing). */
  dify?: MockDify;
  /** The runtime's reverse-call defaults (e.g. `{ idleTimeout: 50 }` to test timeouts quickly). */
  invocation?: PluginRuntimeOptions["invocation"];
  /** The runtime's logger (default: log frames to the fake daemon, readable on `harness.daemon.logs`). */
  logger?: Logger;
  /** Default time a request may take, in ms (default 60 000). */
  requestTimeout?: number;
  /**
   * When a request made a reverse call nobody mocked, reject it with {@link NotMockedError} (default true).
   * Set false to let the plugin handle the `not mocked` daemon error and inspect the result yourself.
   */
  strict?: boolean;
}

/** Options of {@link TestHarness.invokeTool}: the `invoke_tool` request fields and the session envelope. */
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
 * Runs a plugin's own handlers in-process: the real `PluginRuntime` and codec over an in-memory linked pair, with
 * a fake daemon on the other end that sends requests and answers reverse calls from a {@link MockDify}.
 */
export class TestHarness {
  /** The mock answering reverse calls. */
  readonly dify: MockDify;
  /** The plugin's runtime under test. */
  readonly runtime: PluginRuntime;
  /** The fake daemon's end (heartbeats, logs, frames the daemon would refuse). */
  readonly daemon: DaemonPeer;

  private readonly strict: boolean;
  private readonly ready: Promise<void>;

  constructor(plugin: Plugin, options: TestHarnessOptions = {}) {
    this.dify = options.dify ?? new MockDify();
    this.strict = options.strict ?? true;
    const pair = InMemoryTransport.createLinkedPair();
    this.runtime = new PluginRuntime({
      plugin,
      transport: pair.plugin,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.invocation ? { invocation: options.invocation } : {}),
    });
    this.daemon = new DaemonPeer(pair.daemon, {
      dify: this.dify,
      ...(options.requestTimeout === undefined ? {} : { requestTimeout: options.requestTimeout }),
    });
    this.ready = Promise.all([this.daemon.start(), this.runtime.start()]).then(() => undefined);
    // Surface start failures on first use, not as an unhandled rejection.
    this.ready.catch(() => {});
  }

  /** Sends any request `(type, action, data)` and resolves with what the session sent. */
  async request(
    type: string,
    action: string,
    data: Record<string, unknown> = {},
    options: DaemonRequestOptions = {},
  ): Promise<SessionResult> {
    await this.ready;
    const result = await this.daemon.request(type, action, data, options);
    if (this.strict) {
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

  /** Drops the connection as a network failure would: every in-flight call of the plugin fails. */
  dropConnection(): void {
    this.daemon.drop();
  }

  /** Stops the runtime and the fake daemon. */
  async close(): Promise<void> {
    await this.ready.catch(() => {});
    await this.runtime.close();
    await this.daemon.close();
  }

  /** Same as {@link TestHarness.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Creates a {@link TestHarness} for `plugin` (see {@link TestHarnessOptions}). */
export function createTestHarness(plugin: Plugin, options: TestHarnessOptions = {}): TestHarness {
  return new TestHarness(plugin, options);
}
