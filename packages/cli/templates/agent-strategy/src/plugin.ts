import { defineAgentStrategyProvider } from "@x/agent";
import { Plugin } from "@x/core";
import { manifest } from "./manifest.js";
import { oneRound } from "./strategies/one-round.js";

/** The strategy provider: its identity and strategies become the `agent_strategy` declaration Dify shows. */
export const provider = defineAgentStrategyProvider({
  identity: {
    author: manifest.author,
    name: "__PROVIDER__",
    label: "__TITLE__",
    description: "__TITLE__ agent strategies.",
    icon: "icon.svg",
  },
  strategies: [oneRound],
});

/** The plugin. x-plugin runs it (`dev`) or bundles it (`package`); this module must only export. */
const plugin = new Plugin({ manifest }).register(provider);

export { manifest };
export default plugin;
