import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// Like @x/core: a model plugin that is only starting, or never calls a server, does not pay for undici.
// spawnSync blocks the test's own timer, so the child gets a timeout of its own, below the test's.
it("importing @x/model and building a client does not load undici; the first request does", {
  timeout: 180_000,
}, () => {
  const probe = fileURLToPath(new URL("../fixtures/openai-compatible-lazy-probe.mjs", import.meta.url));
  const child = spawnSync(process.execPath, ["--import", "tsx", "--conditions=@x/source", probe], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    encoding: "utf8",
    timeout: 170_000,
  });
  expect(child.stderr).toBe("");
  expect(JSON.parse(child.stdout)).toEqual({ atImport: false, afterUse: true });
});
