import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// Importing @x/core must not load undici (~90 ms and ~18 MiB at startup): only the serverless transport and file
// upload use it, and they load it on first use. A child process records every specifier it resolves.
it("importing @x/core loads neither undici nor node:http; the first serverless call or upload loads undici", () => {
  const probe = fileURLToPath(new URL("./fixtures/lazy-imports-probe.mjs", import.meta.url));
  const child = spawnSync(process.execPath, ["--import", "tsx", "--conditions=@x/source", probe], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    encoding: "utf8",
  });
  expect(child.stderr).toBe("");
  expect(JSON.parse(child.stdout)).toEqual({ atImport: false, afterUse: true, httpAtImport: false });
});
