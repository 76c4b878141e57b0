import { launchStdioPlugin, triggerDriver } from "@x/testing";
import { childEnv, emptyCwd, MAIN_ARGS } from "../test/child-process.js";
import { startHubApi } from "./hub-api.js";
import { runScenario } from "./scenario.js";

// Runs hub_webhooks as the daemon's local runtime runs a plugin: a child process speaking the protocol on its
// stdin and stdout. @x/testing plays the daemon and Dify; a fake code-host API listens on 127.0.0.1.

const write = (line: string) => process.stdout.write(`${line}\n`);

const api = await startHubApi({ token: "ghp_demo_token" });
write(
  "hub_webhooks demo: the sample trigger plugin as a child process over stdio, driven like Dify drives it.",
);
write(
  `A GitHub-style API listens on ${api.url}; deliveries are signed with HMAC-SHA256 (X-Hub-Signature-256).`,
);
write("");
const plugin = await launchStdioPlugin({
  command: process.execPath,
  args: MAIN_ARGS,
  cwd: emptyCwd(),
  env: childEnv(),
});
let failed = false;
try {
  const result = await runScenario(triggerDriver(plugin, { provider: "hub_webhooks" }), api, write);
  failed =
    result.goodToken.error !== null ||
    result.push.events[0]?.reply?.cancelled !== false ||
    result.tampered.response?.status !== 401 ||
    api.hooks.size !== 0;
} finally {
  await plugin.close();
  await api.close();
}
write("");
write(
  failed
    ? "Demo finished with errors (see above)."
    : "Demo finished: subscribed, 4 deliveries, 1 refused, unsubscribed.",
);
process.exitCode = failed ? 1 : 0;
