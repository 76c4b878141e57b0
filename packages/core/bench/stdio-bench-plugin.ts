// The child process of the stdio bench: the bench plugin over real stdin/stdout pipes.
import { createStdioTransport, PluginRuntime, silentLogger } from "../src/index.js";
import { benchPlugin } from "./bench-plugin.js";

const runtime = new PluginRuntime({
  plugin: benchPlugin(),
  transport: createStdioTransport({ heartbeatInterval: 10_000 }),
  logger: silentLogger,
});
await runtime.start();
