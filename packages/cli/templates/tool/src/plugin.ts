import { Plugin } from "@x/core";
import { defineToolProvider } from "@x/tool";
import { manifest } from "./manifest.js";
import { greet } from "./tools/greet.js";

/** The tool provider: its identity and tools become the `tool_declaration` Dify shows. */
export const provider = defineToolProvider({
  identity: {
    author: manifest.author,
    name: "__PROVIDER__",
    label: "__TITLE__",
    description: "__TITLE__ tools.",
    icon: "icon.svg",
  },
  tools: [greet],
});

/** The plugin. x-plugin runs it (`dev`) or bundles it (`package`); this module must only export. */
const plugin = new Plugin({ manifest }).register(provider);

export { manifest };
export default plugin;
