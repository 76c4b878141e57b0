import { definePluginManifest } from "@x/core";

/** File name of the plugin icon, under `_assets/`; the manifest and the tool provider both name it. */
export const ICON_FILE = "icon.svg";

/**
 * The `support_triage` manifest. Only the reverse calls the plugin makes are enabled: `tool` (lookup and relay),
 * `node` (Question Classifier, Parameter Extractor) and `app` (`POST /ask`); `endpoint` because it declares
 * endpoints. `definePluginManifest` fills in
 * `meta.runner.language: python`, which the daemon requires even of a TypeScript plugin.
 */
export const manifest = definePluginManifest({
  version: "0.1.0",
  author: "xsdk",
  name: "support_triage",
  label: "Support triage",
  description: "Sorts support messages into billing, bug or other and pulls out the details that matter.",
  icon: ICON_FILE,
  // Fixed on purpose: created_at is part of the plugin's checksum.
  created_at: "2025-06-01T00:00:00Z",
  permission: {
    tool: { enabled: true },
    node: { enabled: true },
    app: { enabled: true },
    endpoint: { enabled: true },
  },
  tags: ["productivity", "utilities"],
});
