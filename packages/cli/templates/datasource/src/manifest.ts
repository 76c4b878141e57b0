import { definePluginManifest } from "@x/core";

/**
 * The plugin's manifest. `x-plugin package` writes it as manifest.yaml; `x-plugin dev` sends it at registration.
 * A datasource makes no reverse calls here, so no permission is enabled; it may declare nothing but its one
 * datasource provider. Datasources came with Dify 1.9's knowledge pipeline, hence `minimum_dify_version`.
 */
export const manifest = definePluginManifest({
  version: "0.0.1",
  author: "__AUTHOR__",
  name: "__NAME__",
  label: "__TITLE__",
  description: "__TITLE__: a Dify datasource written in TypeScript.",
  icon: "icon.svg",
  // Part of the plugin's identity checksum: keep it fixed.
  created_at: "__CREATED_AT__",
  tags: ["rag"],
  meta: { minimum_dify_version: "1.9.0" },
});
