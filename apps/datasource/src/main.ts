import { runPlugin } from "@x/core";
import { createCrawlerPlugin, createDrivePlugin, createWikiPlugin } from "./plugins.js";

// SAMPLE_DATASOURCE picks the plugin (`wiki`, the default, `crawler` or `drive`); INSTALL_METHOD (environment
// or .env) picks the transport: local = stdio, remote = TCP remote debugging, serverless = HTTP server.
const PLUGINS = { wiki: createWikiPlugin, crawler: createCrawlerPlugin, drive: createDrivePlugin };
const which = process.env.SAMPLE_DATASOURCE ?? "wiki";
try {
  if (!Object.hasOwn(PLUGINS, which)) throw new Error("SAMPLE_DATASOURCE must be wiki, crawler or drive");
  const handle = await runPlugin(PLUGINS[which as keyof typeof PLUGINS]());
  const stop = () => void handle.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await handle.closed;
} catch (error) {
  // stderr only: in stdio mode stdout carries protocol frames.
  process.stderr.write(`local_docs: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
