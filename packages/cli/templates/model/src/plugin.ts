import { Plugin } from "@x/core";
import { CredentialsValidateFailedError, defineModelProvider } from "@x/model";
import { checkApiKey } from "./credentials.js";
import { manifest } from "./manifest.js";
import { llm } from "./models/llm.js";

/**
 * The model provider: its identity, credential form and models become the `model_declaration` Dify shows, and
 * it answers the daemon's model actions (invoke, token counts, credential checks).
 */
export const provider = defineModelProvider({
  provider: { name: "__PROVIDER__", label: "__TITLE__", iconSmall: "icon.svg" },
  credentials: {
    provider: { api_key: { type: "secret-input", label: "API key", required: true, placeholder: "sk-..." } },
  },
  models: [llm],
  // Dify calls this when a user saves the provider's credentials; a throw shows its message in the form.
  validateCredentials(credentials) {
    if (!checkApiKey(credentials)) throw new CredentialsValidateFailedError("the API key was refused");
  },
});

/** The plugin. x-plugin runs it (`dev`) or bundles it (`package`); this module must only export. */
const plugin = new Plugin({ manifest }).register(provider);

export { manifest };
export default plugin;
