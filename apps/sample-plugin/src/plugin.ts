import { readFileSync } from "node:fs";
import { Plugin } from "@x/core";
import { supportTriageEndpoints } from "./endpoints/group.js";
import { ICON_FILE, manifest } from "./manifest.js";
import { supportTriageProvider } from "./provider.js";

// `_assets/` sits next to both `src/` and `dist/`, so the same relative URL works from source and from a build.
const icon = readFileSync(new URL(`../_assets/${ICON_FILE}`, import.meta.url));

/**
 * Builds the `support_triage` plugin: manifest, icon asset, the tool provider and the endpoint group (registering
 * them installs what their tools and endpoints `uses`: `session.workflowNode`, `session.tool`, `session.app`). A fresh instance per call, for tests that want
 * isolation.
 */
export function createSupportTriagePlugin(): Plugin {
  return new Plugin({ manifest, assets: { [ICON_FILE]: new Uint8Array(icon) } })
    .register(supportTriageProvider)
    .register(supportTriageEndpoints);
}

/** The configured `support_triage` plugin. */
export const plugin: Plugin = createSupportTriagePlugin();
