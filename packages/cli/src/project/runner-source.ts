/** Environment variable naming the assets folder the runner attaches to the plugin (set by `x-plugin dev`). */
export const ASSETS_DIR_VARIABLE = "X_PLUGIN_ASSETS_DIR";

/**
 * Source of the start-up module bundled with the plugin: imports the entry, attaches the manifest (and, in `dev`,
 * the `_assets/` files) to the plugin, refuses a Node older than 22, and hands it to `runPlugin` from @x/core,
 * which picks the transport from `INSTALL_METHOD` (`local` → stdio, `remote` → TCP).
 */
export function runnerSource(entry: string): string {
  return `import * as entry from ${JSON.stringify(entry)};
import { runPlugin } from "@x/core";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write("x-plugin: this plugin needs Node.js 22 or newer, but " + process.execPath + " is " + process.version + "\\n");
  process.exit(1);
}

const plugin = entry.default ?? entry.plugin;
if (!plugin || typeof plugin.declarations !== "function") {
  process.stderr.write("x-plugin: the entry module exports no plugin (export default plugin)\\n");
  process.exit(1);
}
const manifest = entry.manifest ?? plugin.manifest;
if (manifest && !plugin.manifest && typeof plugin.setManifest === "function") plugin.setManifest(manifest);

const assetsDir = process.env.${ASSETS_DIR_VARIABLE};
if (assetsDir && typeof plugin.asset === "function") {
  const walk = (folder, prefix) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path, prefix + name + "/");
      else if (!plugin.assets?.().has(prefix + name)) plugin.asset(prefix + name, readFileSync(path));
    }
  };
  try { walk(assetsDir, ""); } catch (error) {
    process.stderr.write("x-plugin: cannot read assets from " + assetsDir + ": " + error.message + "\\n");
  }
}

const fail = (error) => {
  process.stderr.write("x-plugin: " + (error && error.message ? error.message : String(error)) + "\\n");
  process.exit(1);
};
let handle;
try {
  handle = await runPlugin(plugin);
} catch (error) {
  fail(error);
}
// Resolves on a clean stop (stdin EOF under the daemon); rejects with the fatal error (e.g. a refused registration).
handle.closed.then(() => process.exit(0), fail);
`;
}
