import { runPlugin } from "@x/core";
import { createCrawlerPlugin, createWikiPlugin } from "./plugins.js";

// SAMPLE_DATASOURCE picks the plugin (`wiki`, the default, or `crawler`); INSTALL_METHOD (environment or .env)
// picks the transport: local = stdio, remote = TCP remote debugging, serverless = HTTP server.
const which = process.env.SAMPLE_DATASOURCE ?? "wiki";
try {
  if (which !== "wiki" && which !== "crawler") throw new Error(`SAMPLE_DATASOURCE must be wiki or crawler`);
  const handle = await runPlugin(which === "wiki" ? createWikiPlugin() : createCrawlerPlugin());
  const stop = () => void handle.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await handle.closed;
} catch (error) {
  // stderr only: in stdio mode stdout carries protocol frames.
  process.stderr.write(`local_docs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
