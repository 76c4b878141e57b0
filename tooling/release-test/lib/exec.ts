import { spawn } from "node:child_process";
import { delimiter, sep } from "node:path";

/** What a finished command printed. */
export interface RunResult {
  /** Everything the command wrote to stdout. */
  stdout: string;
  /** Everything the command wrote to stderr. */
  stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Working directory of the command. */
  cwd: string;
  /** Environment (defaults to {@link cleanEnv} of the repository the test runs in). */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before the command and everything it started are killed (default 180 s). */
  timeout?: number;
}

/**
 * The environment for commands that must behave as on a user's machine: without the `npm_config_*` /
 * `pnpm_*` settings that `pnpm run` exports, without turbo's, vitest's and git's own variables (a `GIT_DIR`
 * from a hook would point git at the real repository), and without the
 * workspace's `node_modules/.bin` folders on `PATH` (a scratch project must use the tools it installed).
 * Everything else is inherited, `NODE_EXTRA_CA_CERTS` (the CI's TLS proxy) included.
 */
export function cleanEnv(repoRoot: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|turbo_|vitest|git_)/i.test(key) || key === "INIT_CWD" || key === "NODE_OPTIONS")
      continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => entry !== repoRoot && !entry.startsWith(`${repoRoot}${sep}`))
    .join(delimiter);
  // Loopback never goes through a proxy, whatever proxy settings the machine has.
  env.NO_PROXY = env.no_proxy = [env.NO_PROXY ?? env.no_proxy, "127.0.0.1", "localhost"]
    .filter(Boolean)
    .join(",");
  env.TURBO_TELEMETRY_DISABLED = "1";
  env.DO_NOT_TRACK = "1";
  return { ...env, ...extra };
}

/** Process groups of commands still running, ended if this process exits first (a hook timeout, a crash). */
const running = new Set<number>();
process.once("exit", () => {
  for (const pid of running) killGroup(pid);
});

/**
 * Runs a command to completion and returns its output; rejects with the command, its folder and its whole
 * output when it exits non-zero or outlives its timeout. The command runs in its own process group so a
 * timeout also ends what it started (pnpm → turbo → tsc).
 */
export function run(cmd: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const timeout = options.timeout ?? 180_000;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    if (child.pid !== undefined) running.add(child.pid);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeout);
    const describe = () => `${cmd} ${args.join(" ")} (in ${options.cwd})`;
    child.on("error", (error) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      reject(new Error(`${describe()} could not start: ${error.message}`, { cause: error }));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      if (code === 0 && !timedOut) {
        resolve({ stdout, stderr });
        return;
      }
      const why = timedOut ? `was killed after ${timeout / 1000} s` : `exited with ${code ?? signal}`;
      reject(new Error(`${describe()} ${why}:\n${tail(stdout)}\n${tail(stderr)}`));
    });
  });
}

/** Sends SIGKILL to a process group started with `detached: true` (ignored when it is already gone). */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already exited
  }
}

/** The last `max` characters of a command's output, enough to see why it failed. */
function tail(text: string, max = 12_000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}
