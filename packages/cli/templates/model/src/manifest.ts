import { definePluginManifest } from "@x/core";

/**
 * The plugin's manifest. `x-plugin package` writes it as manifest.yaml; `x-plugin dev` sends it at registration.
 * A model plugin makes no reverse calls (the daemon refuses them from a model session), so no permission is
 * enabled, and it may declare nothing but its model provider.
 */
export const manifest = definePluginManifest({
  version: "0.0.1",
  author: "__AUTHOR__",
  name: "__NAME__",
  label: "__TITLE__",
  description: "__TITLE__: a Dify model provider written in TypeScript.",
  icon: "icon.svg",
  // Part of the plugin's identity checksum: keep it fixed.
  created_at: "__CREATED_AT__",
  tags: ["utilities"],
});
