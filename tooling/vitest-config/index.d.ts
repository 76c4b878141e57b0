import type { ViteUserConfig } from "vitest/config";

/** The shared workspace test config, merged with package-specific `overrides`. */
export declare function workspaceTestConfig(overrides?: ViteUserConfig): ViteUserConfig;
