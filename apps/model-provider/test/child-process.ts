import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const APP = fileURLToPath(new URL("..", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** `node` arguments that run the gateway's `src/main.ts` from source, exactly as `pnpm start` does. */
export const MAIN_ARGS = ["--conditions=@x/source", "--import", TSX, join(APP, "src", "main.ts")];

/** An empty working directory, so no developer `.env` leaks into the test. */
export function emptyCwd(): string {
  return mkdtempSync(join(tmpdir(), "openai-gateway-"));
}

/** This process's environment minus plugin settings a developer may have exported. */
export function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      /^(INSTALL_METHOD|REMOTE_INSTALL_|SERVERLESS_|DIFY_PLUGIN_DAEMON_URL)/.test(name)
    )
      continue;
    env[name] = value;
  }
  return env;
}
