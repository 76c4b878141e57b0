import { createTestHarness, invokeAgentStrategy } from "@x/testing";
import { createAgentPlugin } from "../src/plugin.js";
import { params, scriptedDify } from "./script.js";
import { AgentTranscript } from "./transcript.js";

// Runs the function_calling strategy in process against @x/testing's MockDify: the real runtime and codec, a
// scripted model (asks for the weather tool, then answers) and a scripted tool. No Dify, no network.

const write = (line: string) => process.stdout.write(`${line}\n`);
const transcript = new AgentTranscript(write);
const harness = createTestHarness(createAgentPlugin(), { dify: scriptedDify(), observe: transcript.observe });
const input = params();

write("ts_agent demo: the function_calling strategy against MockDify (in process, no network).");
write("The model and the weather tool are scripted in demo/script.ts.");
write("");
write("━━ agent_strategy/invoke_agent_strategy ts_agent/function_calling");
write(`  query: ${JSON.stringify(input.query)}   maximum_iterations: ${String(input.maximum_iterations)}`);
write("");
let failed = false;
try {
  const result = await invokeAgentStrategy(harness, {
    provider: "ts_agent",
    strategy: "function_calling",
    params: input,
  });
  transcript.flush();
  write("");
  if (result.error) {
    failed = true;
    write(`✗ ${result.error.error_type}: ${result.error.message}`);
  } else {
    write(`answer: ${JSON.stringify(result.text)}`);
    write(`${result.calls.length} reverse calls; log tree of ${result.logs.length} rounds.`);
  }
} finally {
  await harness.close();
}
process.exitCode = failed ? 1 : 0;
