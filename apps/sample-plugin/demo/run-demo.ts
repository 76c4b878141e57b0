import { createTestHarness } from "@x/testing";
import { createSupportTriagePlugin } from "../src/plugin.js";
import { DEMO_APP_ID, demoDify, LOOKUP } from "./mock-answers.js";
import { Transcript } from "./transcript.js";

// Runs support_triage in process against @x/testing's MockDify: the real runtime and codec, no Dify, no network.

const MODEL = {
  provider: "langgenius/openai/openai",
  model: "gpt-4o-mini",
  model_type: "llm",
  mode: "chat",
  completion_params: { temperature: 0 },
};

const EXAMPLES: Array<{ message: string; lookup?: typeof LOOKUP }> = [
  {
    message:
      "Hello, I was charged twice for invoice INV-20931, 49.90 EUR each time. Can you refund one of them?",
    lookup: LOOKUP,
  },
  { message: "The mobile app crashes when I open settings. I cannot use it at all." },
  { message: "Do you have an office in Lisbon? I would like to visit." },
];

const write = (line: string) => process.stdout.write(`${line}\n`);

const transcript = new Transcript();
const harness = createTestHarness(createSupportTriagePlugin(), {
  dify: demoDify(),
  observe: transcript.observe,
});

write("support_triage demo: the sample plugin against MockDify from @x/testing (in process, no network).");
write(
  "The Question Classifier and Parameter Extractor answers come from keyword rules in demo/mock-answers.ts.",
);
let failed = false;
try {
  for (const [i, example] of EXAMPLES.entries()) {
    const parameters: Record<string, unknown> = { message: example.message, model: MODEL };
    if (example.lookup) {
      parameters.lookup_provider = example.lookup.provider;
      parameters.lookup_tool = example.lookup.tool;
    }
    write("");
    write(`━━ Example ${i + 1} of ${EXAMPLES.length} ━━ tool support_triage/triage`);
    write(`  message: ${JSON.stringify(example.message)}`);
    if (example.lookup) write(`  lookup:  ${example.lookup.provider} / ${example.lookup.tool}`);
    const result = await harness.invokeTool({ provider: "support_triage", tool: "triage", parameters });
    transcript.print(result, write);
    if (result.error) failed = true;
  }
  // The same plugin's endpoint group, called the way Dify forwards an HTTP call to /e/<hook_id>/<path>.
  const settings = { model: MODEL, app: { app_id: DEMO_APP_ID } };
  const calls: Array<{ path: string; body: unknown }> = [
    { path: "/triage", body: { message: EXAMPLES[1]!.message } },
    { path: "/ask", body: { query: "How long does a refund of a duplicate charge take?" } },
  ];
  for (const [i, call] of calls.entries()) {
    write("");
    write(`━━ Endpoint ${i + 1} of ${calls.length} ━━ POST ${call.path}`);
    write(`  body: ${JSON.stringify(call.body)}`);
    const response = await harness.fetch(
      new Request(`https://dify.example${call.path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(call.body),
      }),
      { settings },
    );
    const body = await response.text();
    transcript.printResponse(response, body, write);
    if (response.status !== 200) failed = true;
  }
} finally {
  await harness.close();
}
write("");
write(
  failed
    ? "Demo finished with errors (see above)."
    : "Demo finished: 3 messages triaged, 2 endpoints answered.",
);
process.exitCode = failed ? 1 : 0;
