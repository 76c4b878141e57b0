import { z } from "zod";
import { CredentialsShape, ObjectOrEmptySchema } from "../credentials.js";
import { lazySchema } from "../lazy-schema.js";

// `data` of the six datasource requests (§2.3, `pkg/entities/requests/datasource.go`). The daemon flattens each
// request struct into `data` beside `user_id`, `type` and `action` (§2.2): embedded structs are inlined, nested
// ones stay objects, every key without `omitempty` is present (a nil map or pointer as `null`), `credential_type`
// is left out when empty, and the JSON keys come out sorted. These schemas read that `data` (the routing keys are
// read by `RequestDataSchema`): unknown keys are kept, `null` maps are read as `{}`.

/** Access type of datasource requests (`data.type`, §2.2). */
export const DATASOURCE_ACCESS_TYPE = "datasource";

/** The datasource actions (`data.action`, §2.3; `internal/core/io_tunnel/access_types/access.go`). */
export const DATASOURCE_ACTIONS = [
  "validate_datasource_credentials",
  "invoke_website_datasource_get_crawl",
  "invoke_online_document_datasource_get_pages",
  "invoke_online_document_datasource_get_page_content",
  "invoke_online_drive_browse_files",
  "invoke_online_drive_download_file",
] as const;

/** One datasource action. */
export type DatasourceAction = (typeof DATASOURCE_ACTIONS)[number];

/** `provider` and `datasource`: the provider's `identity.name` and one datasource's `identity.name`. */
const DatasourceTargetShape = lazySchema(() => ({
  provider: z.string({ error: "provider is required" }),
  datasource: z.string({ error: "datasource is required" }),
}));

/**
 * `data` of `datasource` / `validate_datasource_credentials` (`RequestValidateDatasourceCredentials`): check the
 * credentials a user entered for the provider. Reply `{ result: true }`, or an error when they are invalid.
 */
export const ValidateDatasourceCredentialsRequestSchema = lazySchema(() =>
  z.looseObject({
    provider: z.string({ error: "provider is required" }),
    ...CredentialsShape,
  }),
);

/** A parsed `validate_datasource_credentials` request. */
export type ValidateDatasourceCredentialsRequest = z.infer<typeof ValidateDatasourceCredentialsRequestSchema>;

/** `datasource_parameters`: the values of the datasource's declared `parameters`, by name (`null` read as `{}`). */
const DatasourceParametersShape = lazySchema(() => ({
  datasource_parameters: ObjectOrEmptySchema,
}));

/**
 * `data` of `datasource` / `invoke_website_datasource_get_crawl` (`RequestDatasourceGetWebsiteCrawl`): start a
 * crawl of a `website_crawl` datasource with the user's `datasource_parameters`. Reply with crawl progress items.
 */
export const GetWebsiteCrawlRequestSchema = lazySchema(() =>
  z.looseObject({
    ...DatasourceTargetShape,
    ...CredentialsShape,
    ...DatasourceParametersShape,
  }),
);

/** A parsed `invoke_website_datasource_get_crawl` request. */
export type GetWebsiteCrawlRequest = z.infer<typeof GetWebsiteCrawlRequestSchema>;

/**
 * `data` of `datasource` / `invoke_online_document_datasource_get_pages`
 * (`RequestDatasourceGetOnlineDocumentPages`, the same struct as the crawl request): list the workspaces and pages
 * an `online_document` datasource can read.
 */
export const GetOnlineDocumentPagesRequestSchema = lazySchema(() =>
  z.looseObject({
    ...DatasourceTargetShape,
    ...CredentialsShape,
    ...DatasourceParametersShape,
  }),
);

/** A parsed `invoke_online_document_datasource_get_pages` request. */
export type GetOnlineDocumentPagesRequest = z.infer<typeof GetOnlineDocumentPagesRequestSchema>;

/**
 * The `page` of a page-content request: the daemon passes Dify's object through as a map; the Python SDK reads it
 * as `GetOnlineDocumentPageContentRequest` (`entities/datasource.py`), whose three keys are required. Unknown keys
 * are kept.
 */
export const OnlineDocumentPageRefSchema = lazySchema(() =>
  z.looseObject({
    workspace_id: z.string({ error: "page.workspace_id is required" }),
    page_id: z.string({ error: "page.page_id is required" }),
    type: z.string({ error: "page.type is required (the page's type as listed by get_pages)" }),
  }),
);

/** The page whose content is asked for. */
export type OnlineDocumentPageRef = z.infer<typeof OnlineDocumentPageRefSchema>;

/**
 * `data` of `datasource` / `invoke_online_document_datasource_get_page_content`
 * (`RequestInvokeOnlineDocumentDatasourceGetContent`): read one page. Reply with datasource messages (§6).
 */
export const GetOnlineDocumentPageContentRequestSchema = lazySchema(() =>
  z.looseObject({
    ...DatasourceTargetShape,
    ...CredentialsShape,
    page: OnlineDocumentPageRefSchema,
  }),
);

/** A parsed `invoke_online_document_datasource_get_page_content` request. */
export type GetOnlineDocumentPageContentRequest = z.infer<typeof GetOnlineDocumentPageContentRequestSchema>;

/**
 * The `request` of a browse request (`OnlineDriveBrowseFilesRequest`): `bucket` (always present, `null` when
 * unset), `prefix` (the parent folder id, `""` at the root), `max_keys` (the page size; Go-required, so never 0) and
 * `next_page_parameters` (what the previous page's bucket returned, `null` on the first page).
 */
export const OnlineDriveBrowseParamsSchema = lazySchema(() =>
  z.looseObject({
    bucket: z.string().nullish(),
    prefix: z.string().nullish(),
    max_keys: z.number({ error: "request.max_keys is required" }).int("request.max_keys must be an integer"),
    next_page_parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
);

/** What a browse request asks for. */
export type OnlineDriveBrowseParams = z.infer<typeof OnlineDriveBrowseParamsSchema>;

/**
 * `data` of `datasource` / `invoke_online_drive_browse_files` (`DatasourceOnlineDriveBrowseFilesRequest`): list
 * one page of files of an `online_drive` datasource.
 */
export const OnlineDriveBrowseFilesRequestSchema = lazySchema(() =>
  z.looseObject({
    ...DatasourceTargetShape,
    ...CredentialsShape,
    request: OnlineDriveBrowseParamsSchema,
  }),
);

/** A parsed `invoke_online_drive_browse_files` request. */
export type OnlineDriveBrowseFilesRequest = z.infer<typeof OnlineDriveBrowseFilesRequestSchema>;

/** The `request` of a download request (`OnlineDriveDownloadFileRequest`): `bucket` (`null` when unset), `id`. */
export const OnlineDriveDownloadParamsSchema = lazySchema(() =>
  z.looseObject({
    bucket: z.string().nullish(),
    id: z.string({ error: "request.id is required" }),
  }),
);

/** What a download request asks for. */
export type OnlineDriveDownloadParams = z.infer<typeof OnlineDriveDownloadParamsSchema>;

/**
 * `data` of `datasource` / `invoke_online_drive_download_file` (`DatasourceOnlineDriveDownloadFileRequest`): read
 * one file. Reply with datasource messages (§6), typically one `blob`.
 */
export const OnlineDriveDownloadFileRequestSchema = lazySchema(() =>
  z.looseObject({
    ...DatasourceTargetShape,
    ...CredentialsShape,
    request: OnlineDriveDownloadParamsSchema,
  }),
);

/** A parsed `invoke_online_drive_download_file` request. */
export type OnlineDriveDownloadFileRequest = z.infer<typeof OnlineDriveDownloadFileRequestSchema>;

/** The `data` schema of each datasource action. */
export const DATASOURCE_REQUEST_SCHEMAS = {
  validate_datasource_credentials: ValidateDatasourceCredentialsRequestSchema,
  invoke_website_datasource_get_crawl: GetWebsiteCrawlRequestSchema,
  invoke_online_document_datasource_get_pages: GetOnlineDocumentPagesRequestSchema,
  invoke_online_document_datasource_get_page_content: GetOnlineDocumentPageContentRequestSchema,
  invoke_online_drive_browse_files: OnlineDriveBrowseFilesRequestSchema,
  invoke_online_drive_download_file: OnlineDriveDownloadFileRequestSchema,
} as const satisfies Record<DatasourceAction, z.ZodType>;
