import { readFileSync } from "node:fs";
import { defineAgentStrategyProvider } from "@x/agent";
import { Plugin } from "@x/core";
import { functionCalling } from "./function-calling.js";
import { ICON_FILE, manifest } from "./manifest.js";

// `_assets/` sits next to both `src/` and `dist/`, so the same relative URL works from source and from a build.
// Remote debugging uploads it at registration (the daemon checks every icon the declarations name).
const icon = readFileSync(new URL(`../_assets/${ICON_FILE}`, import.meta.url));

/** The agent strategy provider: Dify's Agent node lists its strategies under this name. */
export const agentProvider = defineAgentStrategyProvider({
  identity: {
    author: manifest.author,
    name: "ts_agent",
    label: "TypeScript agent",
    description: "Agent strategies written in TypeScript.",
    icon: ICON_FILE,
    tags: ["agent"],
  },
  strategies: [functionCalling],
});

/** A fresh plugin: the manifest and the provider (the daemon allows an agent plugin nothing else). */
export function createAgentPlugin(): Plugin {
  return new Plugin({ manifest, assets: { [ICON_FILE]: new Uint8Array(icon) } }).register(agentProvider);
}

/** The plugin `src/main.ts` runs and `x-plugin` bundles. */
export const plugin = createAgentPlugin();
export default plugin;
