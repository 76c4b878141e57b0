import { type ChildProcess, spawn } from "node:child_process";
import { PluginLaunchError } from "../errors/plugin-launch-error.js";
import { type InvokeToolOptions, PluginConnection } from "../harness/plugin-connection.js";
import { MockDify } from "../mock/mock-dify.js";
import type { ManifestPermissions } from "../mock/permissions.js";
import { DaemonPeer, type FrameDirection } from "./daemon-peer.js";
import { StreamLink } from "./stream-link.js";

/** How long the local runtime waits for the first heartbeat: 120 s (§1.2). */
export const DEFAULT_READY_TIMEOUT_MS = 120_000;

/** The daemon keeps the last 1024 bytes of stderr for its error texts (§1.2). */
const STDERR_TAIL = 1024;

/** Options of {@link launchStdioPlugin}. */
export interface LaunchStdioPluginOptions {
  /** The program to run, e.g. `node`. */
  command: string;
  /** Its arguments, e.g. `["dist/main.js"]`. */
  args?: readonly string[];
  /** Working directory (the plugin's folder). */
  cwd?: string;
  /** Extra environment; the launcher always sets `INSTALL_METHOD=local`, like the daemon. */
  env?: Record<string, string>;
  /** Answers reverse calls (default: a fresh `MockDify`). */
  dify?: MockDify;
  /** The installed manifest's permissions (decide permission denials). */
  permissions?: ManifestPermissions;
  /** Longest wait for the first heartbeat, in ms (default 120 000); the child is killed when it passes. */
  readyTimeout?: number;
  /** Default request timeout in ms (default 60 000). */
  requestTimeout?: number;
  /** Reject requests that made unmocked reverse calls (default true). */
  strict?: boolean;
  /** Sees every frame in both directions. */
  observe?: (direction: FrameDirection, frame: unknown) => void;
  /** Sees each stderr line of the child. */
  onStderr?: (line: string) => void;
}

/**
 * A plugin process started like the daemon's local runtime: frames on its stdin and stdout, ready at its first
 * heartbeat. Send requests with `request` / `invokeTool`; `close` ends stdin and kills the process if it lingers.
 */
export class StdioPluginProcess extends PluginConnection {
  /** The child process. */
  readonly child: ChildProcess;
  /** Resolves with the exit code (or null) once the child has exited. */
  readonly exited: Promise<number | null>;

  private readonly stderrTail: { text: string };

  /** @internal Use {@link launchStdioPlugin}. */
  constructor(
    child: ChildProcess,
    daemon: DaemonPeer,
    dify: MockDify,
    stderrTail: { text: string },
    strict: boolean,
  ) {
    super(daemon, dify, { strict });
    this.child = child;
    this.stderrTail = stderrTail;
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once("exit", (code) => resolve(code));
    });
  }

  /** The last 1024 bytes the plugin wrote to stderr. */
  get stderr(): string {
    return this.stderrTail.text;
  }

  /** Runs one tool (see {@link PluginConnection.invokeTool}). */
  override invokeTool(options: InvokeToolOptions) {
    return super.invokeTool(options);
  }

  /** Closes the plugin's stdin (a well-behaved plugin exits on EOF); kills it if still running after `graceMs`. */
  async close(graceMs = 2_000): Promise<number | null> {
    await this.daemon.close();
    const timer = setTimeout(() => killHard(this.child), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the plugin at once. */
  kill(): void {
    killHard(this.child);
  }
}

/**
 * Spawns `command` like the daemon's local runtime (environment plus `INSTALL_METHOD=local`), waits for the first
 * heartbeat, and returns the running plugin. Rejects with {@link PluginLaunchError} (the child killed) when no
 * heartbeat arrives within `readyTimeout`, or when the child exits first; stderr's tail is in the error.
 */
export async function launchStdioPlugin(options: LaunchStdioPluginOptions): Promise<StdioPluginProcess> {
  const dify = options.dify ?? new MockDify();
  const child = spawn(options.command, [...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, INSTALL_METHOD: "local" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdin = child.stdin!;
  const stdout = child.stdout!;
  const stderr = child.stderr!;
  // Writes to a child that has exited fail with EPIPE; the link reports the close instead of crashing.
  stdin.on("error", () => {});

  const tail = { text: "" };
  let partial = "";
  stderr.setEncoding("utf8");
  stderr.on("data", (chunk: string) => {
    tail.text = (tail.text + chunk).slice(-STDERR_TAIL);
    partial += chunk;
    const lines = partial.split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) options.onStderr?.(line);
  });

  const link = new StreamLink(stdout, stdin, {
    end: () => stdin.end(),
    destroy: () => killHard(child),
  });
  const daemon = new DaemonPeer(link, {
    dify,
    ...(options.permissions ? { permissions: () => options.permissions } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
    ...(options.requestTimeout === undefined ? {} : { requestTimeout: options.requestTimeout }),
  });
  await daemon.start();
  const plugin = new StdioPluginProcess(child, daemon, dify, tail, options.strict ?? true);

  const timeout = options.readyTimeout ?? DEFAULT_READY_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  let onExit: ((code: number | null) => void) | undefined;
  let onSpawnError: ((error: Error) => void) | undefined;
  try {
    await Promise.race([
      daemon.firstHeartbeat().catch(() => new Promise<never>(() => {})),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          killHard(child);
          reject(
            new PluginLaunchError("failed to start plugin as no heartbeat received", {
              stderr: tail.text,
              exitCode: null,
            }),
          );
        }, timeout);
      }),
      new Promise<never>((_, reject) => {
        onExit = (code) =>
          reject(
            new PluginLaunchError(`plugin exited with code ${code} before its first heartbeat`, {
              stderr: tail.text,
              exitCode: code,
            }),
          );
        child.once("exit", onExit);
        onSpawnError = (error) =>
          reject(
            new PluginLaunchError(
              `could not start ${options.command}: ${error.message}`,
              { stderr: "", exitCode: null },
              { cause: error },
            ),
          );
        child.once("error", onSpawnError);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onExit) child.off("exit", onExit);
    if (onSpawnError) child.off("error", onSpawnError);
  }
  return plugin;
}

// SIGKILL cannot be relayed by a wrapper (tsx, npm) to the real plugin below it; closing the pipes as well gives
// that grandchild stdin EOF, on which a plugin exits.
function killHard(child: ChildProcess): void {
  child.kill("SIGKILL");
  child.stdin?.destroy();
  child.stdout?.destroy();
  child.stderr?.destroy();
}
