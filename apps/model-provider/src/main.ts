import { runPlugin } from "@x/core";
import { plugin } from "./plugin.js";

// INSTALL_METHOD (environment or .env) picks the transport: local = stdio, remote = TCP remote debugging,
// serverless = HTTP server.
try {
  const handle = await runPlugin(plugin);
  const stop = () => void handle.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (handle.config.installMethod === "remote") {
    process.stderr.write("openai_gateway: running; press Ctrl+C to stop.\n");
  }
  await handle.closed;
} catch (error) {
  // stderr only: in stdio mode stdout carries protocol frames.
  process.stderr.write(`openai_gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
