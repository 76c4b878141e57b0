import {
  type I18nInput,
  type PluginManifest,
  PluginManifestSchema,
  type PluginPermissions,
  type PluginTag,
} from "@x/protocol";
import { RegistrationInvalidError } from "../errors/registration-invalid-error.js";
import { zodIssues } from "./zod-issues.js";

/** What {@link definePluginManifest} needs; everything with a sensible default may be left out. */
export interface PluginManifestInput {
  /** Plugin version, e.g. `0.0.1`. */
  version: string;
  /** Author handle (lowercase letters, digits, `_`, `-`). */
  author: string;
  /** Plugin name (lowercase letters, digits, `_`, `-`). */
  name: string;
  /** Display name; a string means `{ en_US: string }`. */
  label: I18nInput;
  /** Short description; a string means `{ en_US: string }`. */
  description: I18nInput;
  /** Icon file name; the file must be among the plugin's assets. */
  icon: string;
  /** Dark-mode icon file name (also an asset). */
  icon_dark?: string;
  /** Creation time; a `Date` or an RFC 3339 string. Keep it fixed: it is part of the plugin's checksum. */
  created_at: string | Date;
  /** Memory in bytes. Default 256 MiB. */
  memory?: number;
  /** Reverse-call permissions (`resource.permission`). Default none. */
  permission?: PluginPermissions;
  /** Tags. Default none. */
  tags?: PluginTag[];
  /** `meta` overrides. Defaults: version 0.0.1, both archs, runner python 3.12 `main`. */
  meta?: {
    version?: string;
    arch?: Array<"amd64" | "arm64">;
    runner?: { version?: string; entrypoint?: string };
    minimum_dify_version?: string | null;
  };
  /** Privacy policy text or URL. */
  privacy?: string;
  /** Source repository URL. */
  repo?: string;
}

/**
 * Builds and validates a manifest, filling defaults (`type`, `resource.memory`, `meta` with the `python` runner
 * the daemon insists on, empty `plugins`). Throws {@link RegistrationInvalidError} naming each bad field.
 */
export function definePluginManifest(input: PluginManifestInput): PluginManifest {
  const i18n = (text: I18nInput) => (typeof text === "string" ? { en_US: text } : text);
  const createdAt = input.created_at instanceof Date ? input.created_at.toISOString() : input.created_at;
  const candidate = {
    version: input.version,
    type: "plugin",
    author: input.author,
    name: input.name,
    label: i18n(input.label),
    description: i18n(input.description),
    icon: input.icon,
    ...(input.icon_dark === undefined ? {} : { icon_dark: input.icon_dark }),
    resource: {
      memory: input.memory ?? 268_435_456,
      ...(input.permission === undefined ? {} : { permission: input.permission }),
    },
    plugins: { tools: [], models: [], endpoints: [], agent_strategies: [], datasources: [], triggers: [] },
    meta: {
      version: input.meta?.version ?? "0.0.1",
      arch: input.meta?.arch ?? ["amd64", "arm64"],
      runner: {
        // The daemon's validator knows only python; a remote plugin is never launched by it, so this is a label.
        language: "python",
        version: input.meta?.runner?.version ?? "3.12",
        entrypoint: input.meta?.runner?.entrypoint ?? "main",
      },
      minimum_dify_version: input.meta?.minimum_dify_version ?? null,
    },
    tags: input.tags ?? [],
    created_at: createdAt,
    ...(input.privacy === undefined ? {} : { privacy: input.privacy }),
    ...(input.repo === undefined ? {} : { repo: input.repo }),
  };
  const parsed = PluginManifestSchema.safeParse(candidate);
  if (!parsed.success) throw new RegistrationInvalidError(zodIssues(parsed.error, "manifest"));
  return parsed.data;
}
