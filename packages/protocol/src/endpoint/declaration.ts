import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import { nonEmpty, ProviderConfigSchema } from "../registration/provider-config.js";

// The endpoint group as the daemon decodes and validates it (`EndpointProviderDeclaration` and
// `EndpointDeclaration`, `pkg/entities/plugin_entities/endpoint_declaration.go`), sent as element [0] of the
// `endpoint_declaration` registration frame (§1.3.2).
//
// How the daemon expands `endpoints`:
// - In a package (`pkg/plugin_packager/decoder/helper.go`), the group YAML's `endpoints` list may mix file paths
//   (scalars) and inline mappings. Inline ones are decoded first; each listed file is then read and decoded as one
//   endpoint and appended. An inline mapping that fails to decode silently ends the list (the decoder returns nil).
// - Over remote debugging (JSON), every element that decodes as an endpoint object is kept; every other element (a
//   path string, or an object with a wrong JSON type such as `"hidden": "yes"`) goes to a file list nobody reads,
//   so it vanishes without an error. Hence this schema accepts inline endpoint objects only.

/** HTTP methods an endpoint may declare (`is_available_endpoint_method`; the daemon's `/e/` router has no PATCH). */
export const ENDPOINT_METHODS = ["HEAD", "GET", "POST", "PUT", "DELETE", "OPTIONS"] as const;

/** One endpoint HTTP method. */
export type EndpointMethod = (typeof ENDPOINT_METHODS)[number];

const INLINE_ONLY =
  "each endpoint must be an inline { path, method } object: over remote debugging the daemon drops file paths " +
  "(it expands them only when installing a package)";

/**
 * One endpoint (`EndpointDeclaration`): `path` required, `method` one of {@link ENDPOINT_METHODS} (upper case),
 * `hidden` optional. The daemon only requires a non-empty `path`; we also require the leading `/` because the
 * daemon always forwards a path that starts with one (`/e/:hook_id/*path`, `internal/server/http_server.go`)
 * and the Python SDK's router rejects rules without it. The daemon never matches it (the plugin does, §2.4.2), so
 * variables are the plugin's syntax: werkzeug's `/duck/<app_id>` in Python plugins, `{id}` or `<id>` in @x/endpoint.
 * Unknown keys (e.g. the Python SDK's `extra`) are kept.
 */
export const EndpointRouteSchema = lazySchema(() =>
  z.looseObject(
    {
      path: nonEmpty("path").refine(
        (path) => path.startsWith("/"),
        'path must start with "/" (e.g. "/webhook")',
      ),
      method: z.enum(ENDPOINT_METHODS, {
        error: `method must be one of ${ENDPOINT_METHODS.join(", ")} (upper case; the daemon routes no PATCH)`,
      }),
      hidden: z.boolean({ error: "hidden must be a boolean" }).nullish(),
    },
    { error: (issue) => (issue.code === "invalid_type" ? INLINE_ONLY : undefined) },
  ),
);

/** One endpoint of a group. */
export type EndpointRoute = z.infer<typeof EndpointRouteSchema>;

/**
 * An endpoint group declaration (`endpoint_declaration`, §1.3.2): the settings form shown when a user creates
 * the endpoint (`ProviderConfig` fields; their decrypted values arrive as `settings` in `invoke_endpoint`) and the
 * endpoints, inline. The daemon accepts an absent or empty `endpoints`; we require the list (it may be empty).
 */
export const EndpointDeclarationSchema = lazySchema(() =>
  z.looseObject({
    settings: z
      .array(ProviderConfigSchema, { error: "settings must be an array of setting fields" })
      .nullish(),
    endpoints: z.array(EndpointRouteSchema, {
      error: "endpoints must be an array of { path, method } objects",
    }),
  }),
);

/** An endpoint group declaration. */
export type EndpointDeclaration = z.infer<typeof EndpointDeclarationSchema>;
