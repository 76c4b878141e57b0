import { readFileSync } from "node:fs";
import { Plugin } from "@x/core";
import { ICON_FILE, manifest } from "./manifest.js";
import { gatewayProvider } from "./provider.js";

// `_assets/` sits next to both `src/` and `dist/`, so the same relative URL works from source and from a build.
const icon = readFileSync(new URL(`../_assets/${ICON_FILE}`, import.meta.url));

/** The plugin: manifest, icon, and one model provider (a model plugin declares nothing else, §1.3.2). */
export const plugin: Plugin = new Plugin({
  manifest,
  assets: { [ICON_FILE]: new Uint8Array(icon) },
}).register(gatewayProvider);
