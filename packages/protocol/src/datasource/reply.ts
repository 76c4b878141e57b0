import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";
import {
  type KnownToolInvokeMessage,
  KnownToolInvokeMessageSchema,
  TOOL_MESSAGE_TYPES,
  type ToolInvokeMessageWire,
} from "../messages/invoke-message.js";
import type { DatasourceAction } from "./request.js";

// Replies are `stream` items (§2.3; `pkg/entities/datasource_entities/datasource.go`). The daemon decodes each
// item into its reply struct and runs the validator, but those structs check almost nothing: JSON types, the
// message `type`, and that a browse reply's `result` is not null. Everything else reaches Dify as sent, where the
// Python SDK's models (`entities/datasource.py`) are what Dify expects. So these schemas follow the SDK's models:
// the keys the SDK requires are required, its defaults are filled in, and unknown keys are refused (a typo would
// otherwise reach Dify as a missing field). Zero values (`0`, `""`, `false`) pass, as they do in the daemon.

const unknownKeys = (shape: string) => (issue: z.core.$ZodRawIssue) =>
  issue.code === "unrecognized_keys"
    ? `unknown key(s) ${issue.keys.join(", ")}: expected ${shape}`
    : issue.code === "invalid_type"
      ? `expected an object ${shape}`
      : undefined;

const text = (what: string) => z.string({ error: `${what} is required (a string)` });
const count = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be an integer (Go decodes it into an int)`);
const JsonObject = (what: string) =>
  z.record(z.string(), z.unknown(), { error: `${what} must be an object` });

/**
 * The reply to `validate_datasource_credentials` (`DataSourceValidateCredentialsResponse`): `{ result: true }`.
 * Report invalid credentials with an error message (the Python SDK raises), not `result: false`.
 */
export const ValidateDatasourceCredentialsReplySchema = lazySchema(() =>
  z.strictObject(
    { result: z.boolean({ error: "result is required (true when the credentials are valid)" }) },
    { error: unknownKeys("{ result }") },
  ),
);

/** The `validate_datasource_credentials` reply as sent. */
export type ValidateDatasourceCredentialsReply = z.infer<typeof ValidateDatasourceCredentialsReplySchema>;

/** One crawled page (`WebSiteInfoDetail`): its URL, content, title and description, all strings. */
export const WebSiteInfoDetailSchema = lazySchema(() =>
  z.strictObject(
    {
      source_url: text("source_url"),
      content: text("content"),
      title: text("title"),
      description: text("description"),
    },
    { error: unknownKeys("{ source_url, content, title, description }") },
  ),
);

/** One crawled page. */
export type WebSiteInfoDetail = z.infer<typeof WebSiteInfoDetailSchema>;

/**
 * The crawl job's state (`WebSiteInfo`): `status` (required, may be `null`; the official crawlers send
 * `"processing"` while running and `"completed"` at the end), the pages crawled so far, `total` and `completed`
 * counts. The list defaults to `[]`, the counts to `0`.
 */
export const WebSiteInfoSchema = lazySchema(() =>
  z.strictObject(
    {
      status: z
        .string({ error: 'status is required: a string such as "processing" or "completed", or null' })
        .nullable(),
      web_info_list: z.array(WebSiteInfoDetailSchema).nullable().default([]),
      total: count("total").nullable().default(0),
      completed: count("completed").nullable().default(0),
    },
    { error: unknownKeys("{ status, web_info_list?, total?, completed? }") },
  ),
);

/** A crawl job's state as sent. */
export type WebSiteInfo = z.infer<typeof WebSiteInfoSchema>;

/** A crawl job's state as a plugin writes it (defaults not yet filled in). */
export type WebSiteInfoInput = z.input<typeof WebSiteInfoSchema>;

/**
 * One item of an `invoke_website_datasource_get_crawl` reply (`WebsiteCrawlChunk`, `WebsiteCrawlMessage` in the
 * SDK): `{ result: WebSiteInfo }`. A crawler sends one item per progress update, the last with the pages.
 */
export const WebsiteCrawlReplySchema = lazySchema(() =>
  z.strictObject(
    { result: WebSiteInfoSchema },
    { error: unknownKeys("{ result: { status, web_info_list, total, completed } }") },
  ),
);

/** A crawl reply item as sent. */
export type WebsiteCrawlReply = z.infer<typeof WebsiteCrawlReplySchema>;

/**
 * One page of an online document workspace (`OnlineDocumentPage`): id, name, icon (an object such as Notion's
 * `{ type, url }` or `null`), type, last edit time (a string) and parent page id (`null` at the top).
 */
export const OnlineDocumentPageSchema = lazySchema(() =>
  z.strictObject(
    {
      page_id: text("page_id"),
      page_name: text("page_name"),
      page_icon: JsonObject("page_icon").nullable().default(null),
      type: text("type"),
      last_edited_time: text("last_edited_time"),
      parent_id: z.string({ error: "parent_id must be a string or null" }).nullable().default(null),
    },
    { error: unknownKeys("{ page_id, page_name, page_icon?, type, last_edited_time, parent_id? }") },
  ),
);

/** One online document page. */
export type OnlineDocumentPage = z.infer<typeof OnlineDocumentPageSchema>;

/** One workspace and its pages (`OnlineDocumentInfo`). */
export const OnlineDocumentInfoSchema = lazySchema(() =>
  z.strictObject(
    {
      workspace_id: text("workspace_id"),
      workspace_name: text("workspace_name"),
      workspace_icon: text("workspace_icon"),
      total: count("total"),
      pages: z.array(OnlineDocumentPageSchema, { error: "pages must be an array of pages" }),
    },
    { error: unknownKeys("{ workspace_id, workspace_name, workspace_icon, total, pages }") },
  ),
);

/** One online document workspace. */
export type OnlineDocumentInfo = z.infer<typeof OnlineDocumentInfoSchema>;

/** One online document workspace as a plugin writes it (`page_icon` and `parent_id` may be left out). */
export type OnlineDocumentInfoInput = z.input<typeof OnlineDocumentInfoSchema>;

/**
 * The reply to `invoke_online_document_datasource_get_pages` (`DatasourceGetPagesResponse`): one item,
 * `{ result: [OnlineDocumentInfo] }`.
 */
export const OnlineDocumentPagesReplySchema = lazySchema(() =>
  z.strictObject(
    { result: z.array(OnlineDocumentInfoSchema, { error: "result must be an array of workspaces" }) },
    { error: unknownKeys("{ result: [{ workspace_id, workspace_name, workspace_icon, total, pages }] }") },
  ),
);

/** A get-pages reply as sent. */
export type OnlineDocumentPagesReply = z.infer<typeof OnlineDocumentPagesReplySchema>;

/**
 * What the daemon does with an online-drive file's `size`. `OnlineDriveFile` tags every field (`id`, `name`,
 * `size`, `type`), and the bucket's `files` and `is_truncated`, `validate:"required"`, which would reject `0`,
 * `""` and `false`. Those tags never run: `GetOnlineDriveBrowseFilesResponse.Result` is tagged `required` without
 * `dive`, and go-playground/validator only descends into slice elements on `dive`. So a folder with `size: 0`, an
 * empty `type` or `is_truncated: false` is accepted (the official S3, GCS and Azure plugins send `size: 0` for
 * folders). protocol.md §2.3 says a `0` size fails validation; the daemon source says otherwise. An SDK can send
 * the real size, and `0` when it has none; should the daemon ever add `dive`, `enforced` would become true and
 * zero sizes would fail with `unmarshal_error`.
 */
export const ONLINE_DRIVE_FILE_SIZE_RULE = {
  /** The Go tag on `OnlineDriveFile.Size`. */
  goTag: 'validate:"required"',
  /** Whether the daemon runs it on a browse reply. */
  enforced: false,
  /** Whether `size: 0` reaches Dify. */
  zeroAccepted: true,
} as const;

/** One file or folder of an online drive (`OnlineDriveFile`): `type` is `"file"` or `"folder"`. */
export const OnlineDriveFileSchema = lazySchema(() =>
  z.strictObject(
    {
      id: text("id"),
      name: text("name"),
      size: count("size (bytes; 0 is accepted, see ONLINE_DRIVE_FILE_SIZE_RULE)"),
      type: text('type ("file" or "folder")'),
    },
    { error: unknownKeys("{ id, name, size, type }") },
  ),
);

/** One online-drive entry. */
export type OnlineDriveFile = z.infer<typeof OnlineDriveFileSchema>;

/**
 * One bucket of a browse result (`OnlineDriveFileBucket`): `bucket` (`null` when the drive has none), its files,
 * whether more pages follow, and what to send back as `next_page_parameters` to get the next page.
 */
export const OnlineDriveFileBucketSchema = lazySchema(() =>
  z.strictObject(
    {
      bucket: z.string({ error: "bucket must be a string or null" }).nullable().default(null),
      files: z.array(OnlineDriveFileSchema, {
        error: "files is required: an array of files ([] when empty)",
      }),
      is_truncated: z.boolean({ error: "is_truncated is required: true when more pages follow" }),
      next_page_parameters: JsonObject("next_page_parameters").nullable().default(null),
    },
    { error: unknownKeys("{ bucket?, files, is_truncated, next_page_parameters? }") },
  ),
);

/** One bucket of a browse result. */
export type OnlineDriveFileBucket = z.infer<typeof OnlineDriveFileBucketSchema>;

/** One bucket of a browse result as a plugin writes it (`bucket` and `next_page_parameters` may be left out). */
export type OnlineDriveFileBucketInput = z.input<typeof OnlineDriveFileBucketSchema>;

/**
 * The reply to `invoke_online_drive_browse_files` (`GetOnlineDriveBrowseFilesResponse`): one item,
 * `{ result: [bucket] }`. `result` must not be null (the one rule the daemon enforces here); `[]` is fine.
 */
export const OnlineDriveBrowseFilesReplySchema = lazySchema(() =>
  z.strictObject(
    {
      result: z.array(OnlineDriveFileBucketSchema, {
        error: "result is required: an array of buckets ([] when empty), not null",
      }),
    },
    { error: unknownKeys("{ result: [{ bucket, files, is_truncated, next_page_parameters }] }") },
  ),
);

/** A browse reply as sent. */
export type OnlineDriveBrowseFilesReply = z.infer<typeof OnlineDriveBrowseFilesReplySchema>;

/**
 * A datasource message (`DatasourceMessage`, §6): the same `{ type, message, meta }` union as a tool's, sent by
 * `invoke_online_document_datasource_get_page_content` and `invoke_online_drive_download_file`. Parse with it to
 * read messages; build the wire form as {@link DatasourceMessageWire}. The Python SDK never chunks datasource
 * blobs (§6.3): a file is one `blob` message, which must fit the 5 MiB line limit once base64- and JSON-encoded.
 */
export const DatasourceMessageSchema = KnownToolInvokeMessageSchema;

/** A parsed datasource message. */
export type DatasourceMessage = KnownToolInvokeMessage;

/** A datasource message as it travels (blobs base64). */
export type DatasourceMessageWire = ToolInvokeMessageWire;

/**
 * One `stream` item of a page-content or download reply as the daemon checks it (`DataSourceResponseChunk`):
 * `type` one of the §6 types, `message` and `meta` objects (or null). The payload inside `message` is checked by
 * Dify, not the daemon; use {@link DatasourceMessageSchema} for that.
 */
export const DatasourceResponseChunkSchema = lazySchema(() =>
  z.strictObject(
    {
      type: z.enum(TOOL_MESSAGE_TYPES, { error: `type must be one of ${TOOL_MESSAGE_TYPES.join(", ")}` }),
      message: JsonObject("message").nullish(),
      meta: JsonObject("meta").nullish(),
    },
    { error: unknownKeys("{ type, message, meta }") },
  ),
);

/** A datasource message item as the daemon checks it. */
export type DatasourceResponseChunk = z.infer<typeof DatasourceResponseChunkSchema>;

/**
 * The schema of one reply item for each datasource action. Every action has a stream buffer of 1 in the daemon
 * (`internal/server/controllers/definitions/definitions.go`): a crawl may send several items, each one waits for
 * the previous to be consumed.
 */
export const DATASOURCE_REPLY_SCHEMAS = {
  validate_datasource_credentials: ValidateDatasourceCredentialsReplySchema,
  invoke_website_datasource_get_crawl: WebsiteCrawlReplySchema,
  invoke_online_document_datasource_get_pages: OnlineDocumentPagesReplySchema,
  invoke_online_document_datasource_get_page_content: DatasourceResponseChunkSchema,
  invoke_online_drive_browse_files: OnlineDriveBrowseFilesReplySchema,
  invoke_online_drive_download_file: DatasourceResponseChunkSchema,
} as const satisfies Record<DatasourceAction, z.ZodType>;
