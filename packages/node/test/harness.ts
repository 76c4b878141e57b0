import { encodeFrame, InMemoryTransport, Plugin, PluginRuntime, type Session, silentLogger } from "@x/core";
import { workflowNodeExtension } from "../src/index.js";

/** One `invoke` the plugin sent, as the daemon saw it. */
export interface SeenInvoke {
  /** The exact line the plugin wrote (without the trailing newline). */
  line: string;
  sessionId: string;
  id: string;
  type: string;
  request: Record<string, unknown>;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * A real `Plugin` + `PluginRuntime` over an in-memory linked pair; the test plays the daemon. Every request runs
 * `body(session)` in a tool session and reports what it returned or threw.
 */
export class DaemonHarness {
  readonly daemon: InMemoryTransport;
  readonly runtime: PluginRuntime;
  /** Every frame the plugin sent, parsed. */
  readonly frames: Array<{ event?: string; session_id?: string; data?: { type?: string; data?: unknown } }> =
    [];
  private readonly lines: string[] = [];
  private readonly invokes: SeenInvoke[] = [];
  private readonly invokeWaiters: Array<(call: SeenInvoke) => void> = [];
  private readonly bodies = new Map<string, (session: Session) => Promise<unknown>>();
  private readonly outcomes = new Map<string, (outcome: Outcome) => void>();
  private readonly ended = new Map<string, () => void>();
  private counter = 0;

  private constructor(installExtension: boolean) {
    const plugin = new Plugin();
    if (installExtension) plugin.use(workflowNodeExtension);
    plugin.on("tool", "invoke_tool", async (session) => {
      const body = this.bodies.get(session.id)!;
      const report = this.outcomes.get(session.id)!;
      try {
        report({ ok: true, value: await body(session) });
      } catch (error) {
        report({ ok: false, error });
      }
    });
    const pair = InMemoryTransport.createLinkedPair();
    this.daemon = pair.daemon;
    // Record the exact text the plugin end writes: the same encoder the transport uses.
    const pluginSide = pair.plugin;
    const send = pluginSide.send.bind(pluginSide);
    pluginSide.send = async (frame: object) => {
      this.lines.push(encodeFrame(frame).slice(0, -1));
      return send(frame);
    };
    this.runtime = new PluginRuntime({ plugin, transport: pluginSide, logger: silentLogger });
    this.daemon.onmessage = (frame) => this.onFrame(frame as DaemonHarness["frames"][number]);
  }

  static async start(options: { installExtension?: boolean } = {}): Promise<DaemonHarness> {
    const harness = new DaemonHarness(options.installExtension ?? true);
    await harness.daemon.start();
    await harness.runtime.start();
    return harness;
  }

  /** Sends a tool request whose handler runs `body`; resolves with what `body` returned, rejects with what it threw. */
  run<T>(body: (session: Session) => Promise<T>, sessionId = `session-${++this.counter}`): Promise<T> {
    this.bodies.set(sessionId, body);
    const outcome = new Promise<Outcome>((resolve) => this.outcomes.set(sessionId, resolve));
    void this.daemon.send({
      session_id: sessionId,
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: null,
      context: null,
      event: "request",
      data: {
        action: "invoke_tool",
        credential_type: "api-key",
        credentials: {},
        provider: "peer",
        tool: "node",
        tool_parameters: {},
        type: "tool",
        user_id: "user-1",
      },
    });
    return outcome.then((result) => {
      if (result.ok) return result.value as T;
      throw result.error;
    });
  }

  /** Resolves when the session's `end` frame arrives. */
  sessionEnded(sessionId: string): Promise<void> {
    if (this.frames.some((f) => f.session_id === sessionId && f.data?.type === "end"))
      return Promise.resolve();
    return new Promise((resolve) => this.ended.set(sessionId, resolve));
  }

  /** The next `invoke` frame the plugin sends (or one already received and not yet taken). */
  nextInvoke(): Promise<SeenInvoke> {
    const ready = this.invokes.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.invokeWaiters.push(resolve));
  }

  /** Answers a call with one `response` event. */
  respond(call: SeenInvoke, data: unknown, message = "struct"): void {
    this.backwards(call, { event: "response", message, data });
  }

  /** Ends a call. */
  end(call: SeenInvoke): void {
    this.backwards(call, { event: "end", message: "", data: null });
  }

  /** Fails a call with the daemon's error text, then ends it (the daemon always sends `end` after `error`). */
  fail(call: SeenInvoke, message: string): void {
    this.backwards(call, { event: "error", message, data: null });
    this.end(call);
  }

  /** Sends a raw line to the plugin (transcript replay). */
  sendRaw(line: string): void {
    this.daemon.sendRaw(`${line}\n`);
  }

  async close(): Promise<void> {
    await this.runtime.close();
  }

  private backwards(call: SeenInvoke, event: { event: string; message: string; data: unknown }): void {
    void this.daemon.send({
      session_id: call.sessionId,
      conversation_id: null,
      message_id: null,
      app_id: null,
      endpoint_id: null,
      context: null,
      event: "backwards_response",
      data: { backwards_request_id: call.id, ...event },
    });
  }

  private onFrame(frame: DaemonHarness["frames"][number]): void {
    this.frames.push(frame);
    if (frame.data?.type === "end" && frame.session_id) this.ended.get(frame.session_id)?.();
    if (frame.data?.type !== "invoke") return;
    const payload = frame.data.data as {
      type: string;
      backwards_request_id: string;
      request: Record<string, unknown>;
    };
    const line = this.lines.find((text) =>
      text.includes(`"backwards_request_id":"${payload.backwards_request_id}"`),
    );
    const call: SeenInvoke = {
      line: line ?? "",
      sessionId: frame.session_id ?? "",
      id: payload.backwards_request_id,
      type: payload.type,
      request: payload.request,
    };
    const waiter = this.invokeWaiters.shift();
    if (waiter) waiter(call);
    else this.invokes.push(call);
  }
}

/** A model config used across tests. */
export const MODEL = { provider: "langgenius/openai/openai", name: "gpt-4o-mini" } as const;
