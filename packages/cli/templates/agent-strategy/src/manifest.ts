import { definePluginManifest } from "@x/core";

/**
 * The plugin's manifest. `x-plugin package` writes it as manifest.yaml; `x-plugin dev` sends it at registration.
 * `resource.permission` must enable exactly what the code needs (`x-plugin check` verifies it): a strategy asks
 * the workspace's LLMs (`model.llm`) and runs its tools (`tool`). Dify allows an agent strategy plugin no other
 * declaration kind.
 */
export const manifest = definePluginManifest({
  version: "0.0.1",
  author: "__AUTHOR__",
  name: "__NAME__",
  label: "__TITLE__",
  description: "__TITLE__: a Dify agent strategy written in TypeScript.",
  icon: "icon.svg",
  // Part of the plugin's identity checksum: keep it fixed.
  created_at: "__CREATED_AT__",
  permission: { model: { enabled: true, llm: true }, tool: { enabled: true } },
  tags: ["agent"],
});
