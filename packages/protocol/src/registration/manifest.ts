import { z } from "zod";
import { I18nTextSchema } from "../i18n.js";
import { lazySchema } from "../lazy-schema.js";

const VERSION = /^\d{1,4}(\.\d{1,4}){2}(-\w{1,16})?$/;
// Go's time.Time accepts RFC 3339 only: date, `T`, time, optional fraction, then `Z` or an offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Tags the daemon accepts on a manifest or a provider. */
export const PLUGIN_TAGS = [
  "search",
  "image",
  "videos",
  "weather",
  "finance",
  "design",
  "travel",
  "social",
  "news",
  "medical",
  "productivity",
  "education",
  "business",
  "entertainment",
  "utilities",
  "agent",
  "rag",
  "other",
  "trigger",
] as const;

/** One manifest tag. */
export type PluginTag = (typeof PLUGIN_TAGS)[number];

const enabled = lazySchema(() => z.looseObject({ enabled: z.boolean().optional() }));

/** `resource.permission`: what the plugin may call back into Dify (§4.3). */
export const PluginPermissionsSchema = lazySchema(() =>
  z.looseObject({
    tool: enabled.optional(),
    model: z
      .looseObject({
        enabled: z.boolean().optional(),
        llm: z.boolean().optional(),
        text_embedding: z.boolean().optional(),
        rerank: z.boolean().optional(),
        tts: z.boolean().optional(),
        speech2text: z.boolean().optional(),
        moderation: z.boolean().optional(),
      })
      .optional(),
    node: enabled.optional(),
    endpoint: enabled.optional(),
    app: enabled.optional(),
    storage: z
      .looseObject({
        enabled: z.boolean().optional(),
        size: z
          .number({ error: "size is required when storage is declared (bytes, 1024 to 1073741824)" })
          .int()
          .min(1024, "storage size must be at least 1024 bytes")
          .max(1073741824, "storage size must be at most 1073741824 bytes (1 GiB)"),
      })
      .optional(),
  }),
);

/** Manifest permissions. */
export type PluginPermissions = z.infer<typeof PluginPermissionsSchema>;

const yamlPaths = lazySchema(() =>
  z.array(z.string().max(128, "each path must be at most 128 characters")).nullish(),
);

/**
 * The `manifest_declaration` the daemon validates (§1.3.2, §9): the same fields as a Python plugin's
 * `manifest.yaml`, as JSON. `definePluginManifest` in `@x/core` writes one with defaults filled in.
 */
export const PluginManifestSchema = lazySchema(() =>
  z.looseObject({
    version: z.string().regex(VERSION, "must look like 1.2.3 or 1.2.3-beta (up to 4 digits per part)"),
    type: z.literal("plugin", { error: 'must be "plugin"' }),
    author: z.string().regex(/^[a-z0-9_-]{1,64}$/, "must be 1-64 characters of a-z, 0-9, _ or -"),
    name: z.string().regex(/^[a-z0-9_-]{1,128}$/, "must be 1-128 characters of a-z, 0-9, _ or -"),
    label: I18nTextSchema,
    description: I18nTextSchema,
    icon: z.string().min(1, "an icon file name is required").max(128, "must be at most 128 characters"),
    icon_dark: z.string().max(128, "must be at most 128 characters").optional(),
    resource: z.looseObject({
      memory: z
        .number({ error: "memory (bytes) is required" })
        .int()
        .refine((value) => value !== 0, "memory must be non-zero (bytes, e.g. 268435456)"),
      permission: PluginPermissionsSchema.optional(),
    }),
    plugins: z
      .looseObject({
        tools: yamlPaths,
        models: yamlPaths,
        endpoints: yamlPaths,
        agent_strategies: yamlPaths,
        datasources: yamlPaths,
        triggers: yamlPaths,
      })
      .optional(),
    meta: z.looseObject({
      version: z.string().regex(VERSION, "must look like 0.0.1"),
      arch: z
        .array(z.enum(["amd64", "arm64"], { error: 'must be "amd64" or "arm64"' }))
        .min(1, "list at least one of amd64, arm64"),
      runner: z.looseObject({
        language: z.literal("python", {
          error:
            'must be "python": the daemon accepts no other runner language, even for a remote TypeScript plugin',
        }),
        version: z.string().min(1, "must not be empty").max(128, "must be at most 128 characters"),
        entrypoint: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters"),
      }),
      minimum_dify_version: z.string().nullish(),
    }),
    tags: z.array(z.enum(PLUGIN_TAGS, { error: `must be one of ${PLUGIN_TAGS.join(", ")}` })).nullish(),
    created_at: z.string().regex(RFC3339, "must be an RFC 3339 time such as 2025-01-31T12:00:00Z"),
    privacy: z.string().nullish(),
    repo: z.url("must be a URL").nullish(),
    verified: z.boolean().optional(),
  }),
);

/** A plugin manifest as sent in `manifest_declaration`. */
export type PluginManifest = z.infer<typeof PluginManifestSchema>;
