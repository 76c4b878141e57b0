import { definePluginManifest } from "@x/core";

/** File name of the plugin icon, under `_assets/`; the manifest and the trigger provider both name it. */
export const ICON_FILE = "icon.svg";

/**
 * The `hub_webhooks` manifest. A trigger plugin makes no reverse calls, so no permission is enabled.
 * `definePluginManifest` fills in `meta.runner.language: python`, which the daemon requires even of a TypeScript
 * plugin.
 */
export const manifest = definePluginManifest({
  version: "0.1.0",
  author: "xsdk",
  name: "hub_webhooks",
  label: "Hub webhooks",
  description: "Starts workflows on pushes and issues of a GitHub-style code host, with signed webhooks.",
  icon: ICON_FILE,
  // Fixed on purpose: created_at is part of the plugin's checksum.
  created_at: "2026-12-01T00:00:00Z",
  tags: ["trigger", "productivity"],
});
