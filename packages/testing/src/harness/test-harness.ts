import { InMemoryTransport, type Logger, type Plugin, PluginRuntime } from "@x/core";
import type { PluginRuntimeOptions } from "@x/core/internal";
import type { CassetteRecorder } from "../cassette/cassette-recorder.js";
import { DaemonPeer, type FrameDirection } from "../daemon/daemon-peer.js";
import { MockDify } from "../mock/mock-dify.js";
import { PluginConnection } from "./plugin-connection.js";

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
   * When a request made a reverse call nobody mocked, reject it with `NotMockedError` (default true).
   * Set false to let the plugin handle the `not mocked` daemon error and inspect the result yourself.
   */
  strict?: boolean;
  /** Sees every frame in both directions, as the wire carries them (print them with `formatFrame`). */
  observe?: (direction: FrameDirection, frame: unknown) => void;
  /**
   * Records every reverse call and the answer the mocks gave into this cassette recorder, so a `MockDify`-driven
   * test writes a cassette (`recorder.save(file)`) that `dify.replay` answers from later.
   */
  record?: CassetteRecorder;
}

/**
 * Runs a plugin's own handlers in-process: the real `PluginRuntime` and codec over an in-memory linked pair, with
 * a fake daemon on the other end that sends requests and answers reverse calls from a {@link MockDify}.
 */
export class TestHarness extends PluginConnection {
  /** The plugin's runtime under test. */
  readonly runtime: PluginRuntime;

  constructor(plugin: Plugin, options: TestHarnessOptions = {}) {
    const dify = options.dify ?? new MockDify();
    const pair = InMemoryTransport.createLinkedPair();
    const runtime = new PluginRuntime({
      plugin,
      transport: pair.plugin,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.invocation ? { invocation: options.invocation } : {}),
    });
    const { observe, record } = options;
    const watch =
      observe && record
        ? (direction: FrameDirection, frame: unknown) => {
            record.observe(direction, frame);
            observe(direction, frame);
          }
        : (observe ?? record?.observe);
    const daemon = new DaemonPeer(pair.daemon, {
      dify,
      ...(watch ? { observe: watch } : {}),
      ...(options.requestTimeout === undefined ? {} : { requestTimeout: options.requestTimeout }),
    });
    const ready = Promise.all([daemon.start(), runtime.start()]).then(() => undefined);
    super(daemon, dify, { ready, ...(options.strict === undefined ? {} : { strict: options.strict }) });
    this.runtime = runtime;
  }

  /**
   * Stops the runtime and the fake daemon, then throws `CassetteUnusedError` when a cassette the mock replays has
   * recorded calls the test never made (opt out with `dify.replay(cassette, { unused: "allow" })`).
   */
  async close(): Promise<void> {
    await this.whenReady().catch(() => {});
    await this.runtime.close();
    await this.daemon.close();
    this.dify.assertCassettesUsed();
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
