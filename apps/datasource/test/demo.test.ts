import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { childEnv } from "./child-process.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

it("`pnpm demo` runs the three datasources and prints each action's transcript", async () => {
  const child = spawn(process.execPath, ["--conditions=@x/source", "--import", TSX, "demo/run-demo.ts"], {
    cwd: APP,
    env: childEnv({}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code, out).toBe(0);
  expect(out).toContain("← result: status=completed completed=4/4");
  expect(out).toContain(
    "wrong token  ← DatasourceCredentialsError: the docs API refused the token (HTTP 401)",
  );
  expect(out).toContain('└ oncall "On-call"');
  expect(out).toContain('← variable content = "# On-call');
  // The drive: page 1 says there is more, page 2 ends it, a download is one blob, an escape is refused.
  expect(out).toContain(
    '← bucket handbook files=3 is_truncated=true next_page_parameters={"after":"on-call.md"}',
  );
  expect(out).toContain("← bucket handbook files=2 is_truncated=false");
  expect(out).toContain("file   empty.txt              size=0");
  expect(out).toContain("← blob file_name=2026-q3.csv mime_type=text/csv 43 bytes");
  expect(out).toContain('← DrivePathError: file "../../package.json" is not a path inside the bucket');
});
