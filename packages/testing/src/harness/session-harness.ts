import { randomUUID } from "node:crypto";
import { Plugin, type Session, type SessionExtension } from "@x/core";
import type { ExtensionApis } from "@x/core/internal";
import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";
import { TestHarness, type TestHarnessOptions } from "./test-harness.js";

/** Options of {@link createSessionHarness}: the harness options and the session extensions under test. */
export interface SessionHarnessOptions<Es extends readonly SessionExtension[] = readonly SessionExtension[]>
  extends TestHarnessOptions {
  /** Session extensions to install (e.g. `[modelExtension]`): typed on the session `run` hands your body. */
  extensions?: Es;
}

/** Options of {@link SessionHarness.run}: the session envelope, request timeout and signal, and the end user. */
export interface SessionRunOptions extends DaemonRequestOptions {
  /** The session's `user_id` (default `""`). */
  userId?: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * A {@link TestHarness} for testing session extensions (clients such as `session.model`): each
 * {@link SessionHarness.run} sends a daemon `tool/invoke_tool` request whose handler runs your body with the real
 * `Session`, so values and errors come back as they are instead of through the wire.
 */
export class SessionHarness<A = unknown> extends TestHarness {
  private readonly bodies: Map<string, (session: Session<A>) => Promise<void>>;

  constructor(options: SessionHarnessOptions = {}) {
    const { extensions, ...harnessOptions } = options;
    const plugin = new Plugin();
    for (const extension of extensions ?? []) plugin.use(extension);
    const bodies = new Map<string, (session: Session<A>) => Promise<void>>();
    plugin.on("tool", "invoke_tool", (session) => bodies.get(session.id)?.(session as Session<A>));
    super(plugin, harnessOptions);
    this.bodies = bodies;
  }

  /**
   * Runs `body` inside a fresh session and resolves, once the session has ended, with what `body` returned
   * (rejects with what it threw). In strict mode a reverse call nobody mocked rejects with `NotMockedError`.
   */
  async run<T>(body: (session: Session<A>) => T | Promise<T>, options: SessionRunOptions = {}): Promise<T> {
    const { userId, ...request } = options;
    const sessionId = request.sessionId ?? randomUUID();
    const outcome = new Promise<Outcome>((resolve) => {
      this.bodies.set(sessionId, async (session) => {
        this.bodies.delete(sessionId);
        try {
          resolve({ ok: true, value: await body(session) });
        } catch (error) {
          resolve({ ok: false, error });
        }
      });
    });
    try {
      const data = { user_id: userId ?? "", tool_parameters: {}, credentials: {} };
      const [result] = await Promise.all([
        outcome,
        this.request("tool", "invoke_tool", data, { ...request, sessionId }),
      ]);
      if (!result.ok) throw result.error;
      return result.value as T;
    } finally {
      this.bodies.delete(sessionId);
    }
  }
}

/** Creates a {@link SessionHarness}: a plugin with `extensions` installed, run like {@link createTestHarness}. */
export function createSessionHarness<const Es extends readonly SessionExtension[] = readonly []>(
  options: SessionHarnessOptions<Es> = {},
): SessionHarness<ExtensionApis<Es>> {
  return new SessionHarness<ExtensionApis<Es>>(options);
}
