import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const APP = fileURLToPath(new URL("..", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** `node` arguments that run the agent plugin's `src/main.ts` from source, exactly as `pnpm start` does. */
export const MAIN_ARGS = ["--conditions=@x/source", "--import", TSX, join(APP, "src", "main.ts")];

/** An empty working directory, so no developer `.env` leaks into the test. */
export function emptyCwd(): string {
  return mkdtempSync(join(tmpdir(), "ts-agent-"));
}

/** Environment for a child: this process's, minus any plugin settings a developer may have exported. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      /^(INSTALL_METHOD|REMOTE_INSTALL_|SERVERLESS_|DIFY_PLUGIN_DAEMON_URL)/.test(name)
    )
      continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** A started agent plugin with its collected stdout and stderr. */
export interface SampleProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  /** Waits until stderr contains `pattern`, or rejects when the process exits first. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
}

/** Starts the agent plugin as a child process (`node src/main.ts` through tsx) in an empty directory. */
export function startSample(env: Record<string, string>, cwd = emptyCwd()): SampleProcess {
  const child = spawn(process.execPath, MAIN_ARGS, {
    cwd,
    env: childEnv(env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: Array<() => void> = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    for (const watcher of [...watchers]) watcher();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStderr(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stderr);
          if (!match) return;
          watchers.splice(watchers.indexOf(check), 1);
          resolve(match);
        };
        watchers.push(check);
        check();
        void exited.then((code) =>
          reject(new Error(`agent plugin exited (${code}) before ${pattern}; stderr:\n${stderr}`)),
        );
      });
    },
  };
}
