import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { BAD_KEY, GOOD_KEY } from "../demo/scenario.js";

// `pnpm demo` runs to the end and shows each step, without printing a key.
// spawnSync blocks the test's own timer, so the child gets a timeout of its own, below the test's.
it("pnpm demo prints the LLM stream with its tool call, embeddings, token count and both credential checks", {
  timeout: 180_000,
}, () => {
  const app = fileURLToPath(new URL("..", import.meta.url));
  const run = spawnSync(process.execPath, ["--conditions=@x/source", "--import", "tsx", "demo/run-demo.ts"], {
    cwd: app,
    encoding: "utf8",
    timeout: 170_000,
  });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('tool_calls=[{"id":"call_weather_1"');
  expect(run.stdout).toContain("finish_reason=tool_calls");
  expect(run.stdout).toMatch(/vector 1: \[.*\] \(8 dims\)/);
  expect(run.stdout).toMatch(/\{"num_tokens":\d+\}/);
  expect(run.stdout).toContain('good key → GET /models → {"result":true');
  expect(run.stdout).toContain("bad key  → GET /models → error CredentialsValidateFailedError");
  expect(run.stdout).toContain("error InvokeRateLimitError");
  expect(run.stdout).not.toContain(GOOD_KEY);
  expect(run.stdout).not.toContain(BAD_KEY);
});
