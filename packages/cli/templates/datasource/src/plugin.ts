import { Plugin } from "@x/core";
import { defineDatasourceProvider } from "@x/datasource";
import { pages } from "./datasources/pages.js";
import { manifest } from "./manifest.js";
import { checkApiKey } from "./notebook.js";

/**
 * The datasource provider: its identity, credential form and datasources become the `datasource_declaration`
 * Dify shows in the knowledge pipeline. All its datasources are of one kind (here online documents).
 */
export const provider = defineDatasourceProvider({
  identity: {
    author: manifest.author,
    name: "__PROVIDER__",
    label: "__TITLE__",
    description: "__TITLE__ pages for Dify knowledge bases.",
    icon: "icon.svg",
  },
  credentials: { api_key: { type: "secret-input", required: true, label: "API key" } },
  datasources: [pages],
  // Dify calls this when a user saves the credentials; the message is shown, so it never holds the key.
  validateCredentials(credentials) {
    checkApiKey(credentials);
  },
});

/** The plugin. x-plugin runs it (`dev`) or bundles it (`package`); this module must only export. */
const plugin = new Plugin({ manifest }).register(provider);

export { manifest };
export default plugin;
