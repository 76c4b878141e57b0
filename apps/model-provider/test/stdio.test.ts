import {
  type FakeOpenAIServer,
  launchStdioPlugin,
  type StdioPluginProcess,
  startFakeOpenAI,
} from "@x/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BAD_KEY, fakeServerOptions, validateRequest } from "../demo/scenario.js";
import { childEnv, emptyCwd, MAIN_ARGS } from "./child-process.js";
import { expectGatewayAnswers } from "./replies.js";

// The gateway as a real child process (`node src/main.ts` through tsx), driven over stdio pipes like the daemon's
// local runtime, calling the fake OpenAI-compatible server over loopback HTTP.

let server: FakeOpenAIServer | undefined;
let child: StdioPluginProcess | undefined;
afterEach(async () => {
  await child?.close();
  await server?.close();
  child = undefined;
  server = undefined;
});

describe("openai_gateway as a child process over stdio", () => {
  it("answers invoke_llm with a tool call, embeddings, token counts and credential checks", async () => {
    server = await startFakeOpenAI(fakeServerOptions());
    child = await launchStdioPlugin({
      command: process.execPath,
      args: MAIN_ARGS,
      cwd: emptyCwd(),
      env: childEnv(),
      readyTimeout: 60_000,
    });
    await expectGatewayAnswers(child, server.url);
    const refused = await child.request(
      "model",
      "validate_provider_credentials",
      validateRequest(server.url, BAD_KEY),
    );
    expect(refused.error?.error_type).toBe("CredentialsValidateFailedError");
    expect(child.stderr).not.toContain(BAD_KEY);
    expect(server.requestsTo("/chat/completions")).toHaveLength(1);
  });
});
