import { definePluginManifest, Plugin } from "@x/core";
import type { PluginManifest } from "@x/protocol";

/** A valid tool-provider declaration, shaped like what @x/tool produces. */
export function toolProvider(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    identity: {
      author: "acme",
      name: "demo",
      label: { en_US: "Demo" },
      description: { en_US: "A demo provider" },
      icon: "icon.svg",
      tags: ["utilities"],
    },
    credentials_schema: [],
    oauth_schema: null,
    tools: [
      {
        identity: { author: "acme", name: "echo", label: { en_US: "Echo" } },
        description: { human: { en_US: "Echoes its input" }, llm: "Returns the text it is given" },
        parameters: [
          {
            name: "text",
            label: { en_US: "Text" },
            human_description: { en_US: "What to echo" },
            type: "string",
            form: "llm",
            required: true,
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** A valid manifest. */
export function manifest(): PluginManifest {
  return definePluginManifest({
    version: "0.0.1",
    author: "acme",
    name: "demo",
    label: "Demo",
    description: "A demo plugin",
    icon: "icon.svg",
    created_at: "2025-01-31T12:00:00Z",
    permission: { tool: { enabled: true } },
  });
}

/** An icon bigger than one asset chunk, so chunking is exercised. */
export const ICON = new Uint8Array(20_000).map((_, i) => i % 251);

/** A plugin with a manifest, a tool declaration and its icon. */
export function remotePlugin(): Plugin {
  return new Plugin({ manifest: manifest(), assets: { "icon.svg": ICON } }).declare("tool", toolProvider());
}
