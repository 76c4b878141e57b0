import type { Logger, Session, SessionExtension } from "@x/core";
import type { ExtensionApis } from "@x/core/internal";
import type {
  DatasourceProviderType,
  OnlineDocumentInfoInput,
  OnlineDocumentPageRef,
  OnlineDriveBrowseParams,
  OnlineDriveDownloadParams,
  OnlineDriveFileBucketInput,
  WebSiteInfoInput,
} from "@x/protocol";
import type { CredentialType, I18nInput, OutgoingToolMessage } from "@x/tool";
import type { z } from "zod";
import type { DatasourceParameterDefinitions, DatasourceParameters } from "./parameters.js";

/** What every datasource handler receives besides its input; `A` is what the datasource's `uses` adds. */
export interface DatasourceContext<A = unknown> {
  /** The daemon session: `invoke()`, `storage`, `file`, `signal`, plus the extensions the datasource `uses`. */
  readonly session: Session<A>;
  /** The provider's credentials, decrypted by Dify (`{}` when none). Never log them. */
  readonly credentials: Readonly<Record<string, unknown>>;
  /** How the credentials were obtained (`api-key` when the daemon leaves it out). */
  readonly credentialType: CredentialType;
  /** The end user (may be `""`). */
  readonly userId: string;
  /** The provider's name. */
  readonly provider: string;
  /** The datasource's name. */
  readonly datasource: string;
  /** Aborts when the session ends or the connection drops: pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** The session's logger. */
  readonly logger: Logger;
}

/** What a crawl or get-pages handler also receives: the request's parameters exactly as sent. */
export interface DatasourceRunContext<A = unknown> extends DatasourceContext<A> {
  /** `datasource_parameters` as received (undeclared keys included). */
  readonly rawParameters: Readonly<Record<string, unknown>>;
}

/** Something that may be awaited. */
export type Awaitable<T> = T | Promise<T>;

/** Datasource messages (§6) a page-content or download handler yields (build them with `@x/tool`'s `messages`). */
export type DatasourceMessageStream = AsyncIterable<OutgoingToolMessage> | Iterable<OutgoingToolMessage>;

/** What every datasource definition says about itself. */
interface DatasourceDefinitionBase<U extends readonly SessionExtension[]> {
  /** Session extensions the handlers call; installed when the provider is registered, typed on the context. */
  uses?: U;
  /** `name` (non-empty), `label` (default: the name), `author` (default: the provider's), `icon` (an asset). */
  identity: { name: string; label?: I18nInput; author?: string; icon?: string };
  /** Shown to users when they pick the datasource. */
  description: I18nInput;
  /** JSON Schema of what the datasource outputs (`output_schema`; a zod schema is converted). */
  outputSchema?: Record<string, unknown> | z.ZodType;
}

/** The definition of a website-crawl datasource, as given to {@link defineWebsiteCrawl}. */
export interface WebsiteCrawlDefinitionInput<
  D extends DatasourceParameterDefinitions,
  U extends readonly SessionExtension[] = readonly [],
> extends DatasourceDefinitionBase<U> {
  /** Parameters the user fills in before the crawl (start URL, limits...), typed into `crawl`. */
  parameters?: D;
  /**
   * Runs `invoke_website_datasource_get_crawl`: yield the job's state as it progresses (`status: "processing"`
   * with `total` / `completed`), the last one with `status: "completed"` and the pages in `web_info_list`. Each
   * state is one `{ result }` reply item; return one state when there is no progress to report.
   */
  crawl(
    parameters: DatasourceParameters<D>,
    context: DatasourceRunContext<ExtensionApis<U>>,
  ): AsyncIterable<WebSiteInfoInput> | Iterable<WebSiteInfoInput> | Awaitable<WebSiteInfoInput>;
}

/**
 * What a page-content handler may return: `{ content }` (sent, like the official Notion datasource does, as the
 * variables `content`, `page_id` and `workspace_id`, plus any `variables`), or datasource messages it yields.
 */
export type PageContentReturn =
  | Awaitable<{ content: string; variables?: Readonly<Record<string, unknown>> }>
  | DatasourceMessageStream;

/** The definition of an online-document datasource, as given to {@link defineOnlineDocument}. */
export interface OnlineDocumentDefinitionInput<
  D extends DatasourceParameterDefinitions,
  U extends readonly SessionExtension[] = readonly [],
> extends DatasourceDefinitionBase<U> {
  /** Parameters of `get_pages`, typed into `getPages`. */
  parameters?: D;
  /** Answers `invoke_online_document_datasource_get_pages`: the workspaces and their pages. */
  getPages(
    parameters: DatasourceParameters<D>,
    context: DatasourceRunContext<ExtensionApis<U>>,
  ): Awaitable<readonly OnlineDocumentInfoInput[]>;
  /** Answers `invoke_online_document_datasource_get_page_content` for one page listed by `getPages`. */
  getContent(page: OnlineDocumentPageRef, context: DatasourceContext<ExtensionApis<U>>): PageContentReturn;
}

/**
 * A downloaded file: sent as one `blob` message with `meta` `{ file_name, mime_type }`, as the official drive
 * datasources send it. Datasource blobs are never chunked (§6.3), so the file must fit the daemon's 5 MiB line
 * once base64-encoded: about 3.7 MiB of bytes.
 */
export interface DownloadedFile {
  /** The file's bytes. */
  bytes: Uint8Array;
  /** `meta.file_name` (default: the requested id). */
  fileName?: string;
  /** `meta.mime_type` (default `application/octet-stream`). */
  mimeType?: string;
  /** More `meta` keys. */
  meta?: Readonly<Record<string, unknown>>;
}

/** The definition of an online-drive datasource, as given to {@link defineOnlineDrive}. */
export interface OnlineDriveDefinitionInput<U extends readonly SessionExtension[] = readonly []>
  extends DatasourceDefinitionBase<U> {
  /**
   * Answers `invoke_online_drive_browse_files`: one page of the folder `request.prefix` (`""` at the root) of
   * `request.bucket`, at most `request.max_keys` entries. When more follow, set `is_truncated: true` and put what
   * you need to resume in `next_page_parameters`: the next request carries it back. Return the buckets (one
   * bucket, `bucket: null`, for a drive without buckets). A folder may have `size: 0`: the daemon accepts it.
   */
  browse(
    request: OnlineDriveBrowseParams,
    context: DatasourceContext<ExtensionApis<U>>,
  ): Awaitable<OnlineDriveFileBucketInput | readonly OnlineDriveFileBucketInput[]>;
  /** Answers `invoke_online_drive_download_file`: return the file, or yield datasource messages. */
  download(
    request: OnlineDriveDownloadParams,
    context: DatasourceContext<ExtensionApis<U>>,
  ): Awaitable<DownloadedFile> | DatasourceMessageStream;
}

/** A defined datasource of one of the three kinds: pass it in a provider's `datasources`. */
export type DatasourceDefinition<
  D extends DatasourceParameterDefinitions = DatasourceParameterDefinitions,
  U extends readonly SessionExtension[] = readonly SessionExtension[],
> =
  | (Readonly<WebsiteCrawlDefinitionInput<D, U>> & { readonly kind: "website_crawl"; readonly uses: U })
  | (Readonly<OnlineDocumentDefinitionInput<D, U>> & { readonly kind: "online_document"; readonly uses: U })
  | (Readonly<OnlineDriveDefinitionInput<U>> & { readonly kind: "online_drive"; readonly uses: U });

/** Any defined datasource, whatever its parameters and extensions (what a provider's `datasources` holds). */
export type AnyDatasourceDefinition = DatasourceDefinition<
  DatasourceParameterDefinitions,
  readonly SessionExtension[]
>;

function define<K extends DatasourceProviderType, T extends object>(kind: K, definition: T) {
  const uses = (definition as { uses?: readonly SessionExtension[] }).uses ?? [];
  return Object.freeze({ ...definition, uses, kind });
}

/**
 * Defines a website-crawl datasource. Parameter types flow into `crawl`:
 * `defineWebsiteCrawl({ identity: { name: "site" }, description: "Crawls a site", parameters: { url: { type: "string", required: true } }, async *crawl({ url }) { ... } })`.
 */
export function defineWebsiteCrawl<
  const D extends DatasourceParameterDefinitions = Record<never, never>,
  const U extends readonly SessionExtension[] = readonly [],
>(
  definition: WebsiteCrawlDefinitionInput<D, U>,
): Readonly<WebsiteCrawlDefinitionInput<D, U>> & { readonly kind: "website_crawl"; readonly uses: U } {
  return define("website_crawl", definition) as never;
}

/** Defines an online-document datasource (`getPages` lists pages, `getContent` reads one). */
export function defineOnlineDocument<
  const D extends DatasourceParameterDefinitions = Record<never, never>,
  const U extends readonly SessionExtension[] = readonly [],
>(
  definition: OnlineDocumentDefinitionInput<D, U>,
): Readonly<OnlineDocumentDefinitionInput<D, U>> & { readonly kind: "online_document"; readonly uses: U } {
  return define("online_document", definition) as never;
}

/** Defines an online-drive datasource (`browse` lists one page of files, `download` sends one file). */
export function defineOnlineDrive<const U extends readonly SessionExtension[] = readonly []>(
  definition: OnlineDriveDefinitionInput<U>,
): Readonly<OnlineDriveDefinitionInput<U>> & { readonly kind: "online_drive"; readonly uses: U } {
  return define("online_drive", definition) as never;
}
