import { readFileSync } from "node:fs";
import { Plugin } from "@x/core";
import { ICON_FILE, manifest } from "./manifest.js";
import { hubProvider } from "./provider.js";

// `_assets/` sits next to both `src/` and `dist/`, so the same relative URL works from source and from a build.
const icon = readFileSync(new URL(`../_assets/${ICON_FILE}`, import.meta.url));

/** Builds the `hub_webhooks` plugin: manifest, icon and the trigger provider. A fresh instance per call. */
export function createHubPlugin(): Plugin {
  return new Plugin({ manifest, assets: { [ICON_FILE]: new Uint8Array(icon) } }).register(hubProvider);
}

/** The configured `hub_webhooks` plugin. */
export const plugin: Plugin = createHubPlugin();
