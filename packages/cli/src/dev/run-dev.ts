import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { ConfigError, loadConfig } from "@x/core";
import { CassetteRecorder } from "@x/testing";
import { checkPlugin } from "../check/check-plugin.js";
import { formatProblem } from "../check/problem.js";
import { bundle } from "../project/bundle.js";
import { type PluginProject, projectPath } from "../project/project.js";
import { ASSETS_DIR_VARIABLE, runnerSource } from "../project/runner-source.js";
import { startDevProxy } from "./dev-proxy.js";

/** Options of {@link runDev}. */
export interface DevOptions {
  /** Where lines for the developer go. */
  print(line: string): void;
  /** Environment to read `REMOTE_INSTALL_*` from (`.env` in the project fills gaps). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Extra export conditions for bundling (e.g. `["@x/source"]`). */
  conditions?: readonly string[];
  /** Stops the plugin and the proxy. */
  signal?: AbortSignal;
  /** Stop once the registration is accepted (for scripts and tests). Default false: run until stopped. */
  exitAfterRegistration?: boolean;
  /** Milliseconds after `end` without a rejection before the registration counts as accepted. Default 1500. */
  confirmDelay?: number;
  /**
   * Writes every reverse call and the daemon's complete answer to this cassette file (JSON lines, credentials
   * masked; `@x/testing`'s `dify.replay(file)` answers from it). The file is rewritten after each call.
   */
  record?: string;
  /** Replace an existing cassette file (default false: an existing `record` file is refused, not overwritten). */
  rerecord?: boolean;
}

/** How a `dev` run ended. */
export interface DevResult {
  /** 0 after a normal stop, 1 after a refusal, an unreachable daemon, a failed check or a crashed plugin. */
  exitCode: number;
  /** Why it ended. */
  reason:
    | "registered"
    | "stopped"
    | "rejected"
    | "unreachable"
    | "check_failed"
    | "config"
    | "plugin_exited"
    | "cassette_exists";
}

/**
 * Runs the plugin against a Dify's remote-debugging port: checks it, bundles it, starts it with
 * `INSTALL_METHOD=remote` through a local proxy that prints what was registered, each request and reverse call as
 * it happens, and what to fix when the daemon refuses (bad key, rejected declaration) or cannot be reached.
 */
export async function runDev(project: PluginProject, options: DevOptions): Promise<DevResult> {
  const { print } = options;
  const conditions = options.conditions ? { conditions: options.conditions } : {};

  let remote: { host: string; port: number; key: string };
  try {
    const config = loadConfig({
      env: options.env ?? process.env,
      cwd: project.dir,
      overrides: { installMethod: "remote" },
    });
    remote = { host: config.remote.host, port: config.remote.port, key: config.remote.key ?? "" };
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    print(`✗ ${error.message}`);
    print(
      "  fix: set REMOTE_INSTALL_URL=<dify host>:5003 and REMOTE_INSTALL_KEY=<key from Dify → Plugins → Debug> in .env or the environment",
    );
    return { exitCode: 1, reason: "config" };
  }

  if (options.record !== undefined && existsSync(options.record) && !options.rerecord) {
    print(`✗ the cassette ${options.record} exists already`);
    print("  fix: pass --rerecord to record it again (it is replaced), or choose another file");
    return { exitCode: 1, reason: "cassette_exists" };
  }

  const report = await checkPlugin(project, conditions);
  for (const problem of report.problems) print(formatProblem(problem));
  if (!report.ok) {
    print("✗ fix the errors above first: the daemon would refuse this registration");
    return { exitCode: 1, reason: "check_failed" };
  }

  const cacheDir = join(project.dir, "node_modules", ".cache", "x-plugin");
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, "dev.mjs");
  await bundle({
    source: runnerSource(project.entry),
    resolveDir: project.dir,
    outfile,
    entryLabel: projectPath(project, project.entry),
    moduleUrls: "project",
    ...conditions,
  });

  let child: ChildProcess | undefined;
  let settle: (result: DevResult) => void = () => {};
  const done = new Promise<DevResult>((resolve) => {
    settle = resolve;
  });
  let outcome: DevResult | undefined;
  const finish = (result: DevResult) => {
    outcome ??= result;
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    else settle(outcome);
  };

  const file = options.record;
  const recorder =
    file === undefined
      ? undefined
      : new CassetteRecorder({
          recordedBy: "x-plugin dev",
          secrets: remote.key ? [remote.key] : [],
          onEntry: (entry) => {
            recorder?.save(file);
            print(`  ● recorded call ${entry.call} (${entry.type}) in ${file}`);
          },
        });
  if (file !== undefined && recorder) {
    mkdirSync(dirname(file), { recursive: true });
    recorder.save(file);
    print(`recording reverse calls to ${file} (credentials masked)`);
  }

  const proxy = await startDevProxy({
    upstream: { host: remote.host, port: remote.port },
    ...(options.confirmDelay === undefined ? {} : { confirmDelay: options.confirmDelay }),
    events: {
      line: print,
      registered: () => {
        if (options.exitAfterRegistration) finish({ exitCode: 0, reason: "registered" });
      },
      rejected: () => finish({ exitCode: 1, reason: "rejected" }),
      unreachable: () => finish({ exitCode: 1, reason: "unreachable" }),
      ...(recorder ? { frame: recorder.observe } : {}),
    },
  });

  print(
    `starting the plugin (daemon ${remote.host}:${remote.port}, via local proxy 127.0.0.1:${proxy.port})`,
  );
  child = spawn(process.execPath, [outfile], {
    cwd: project.dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...options.env,
      INSTALL_METHOD: "remote",
      REMOTE_INSTALL_URL: `127.0.0.1:${proxy.port}`,
      REMOTE_INSTALL_HOST: "127.0.0.1",
      REMOTE_INSTALL_PORT: String(proxy.port),
      REMOTE_INSTALL_KEY: remote.key,
      [ASSETS_DIR_VARIABLE]: project.assetsDir,
    },
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => print(`plugin | ${line}`));
  }
  child.once("exit", (code, signal) => {
    if (!outcome) {
      print(`the plugin exited (${signal ?? `code ${code}`})`);
      outcome = { exitCode: code === 0 ? 0 : 1, reason: "plugin_exited" };
    }
    settle(outcome);
  });
  const onAbort = () => finish({ exitCode: 0, reason: "stopped" });
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    return await done;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await proxy.close();
    if (file !== undefined && recorder) {
      recorder.save(file);
      const { entries } = recorder.cassette();
      const open = entries.filter((entry) => !entry.end).length;
      print(
        `cassette ${file}: ${entries.length} reverse call${entries.length === 1 ? "" : "s"} recorded${open ? ` (${open} without an end: the recording stopped first)` : ""}`,
      );
    }
  }
}
