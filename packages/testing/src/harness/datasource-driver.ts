import { parseToolInvokeMessage } from "@x/core/internal";
import {
  DATASOURCE_ACCESS_TYPE,
  DATASOURCE_REPLY_SCHEMAS,
  type DatasourceAction,
  type DatasourceMessage,
  type ErrorPayload,
  type OnlineDocumentInfo,
  type OnlineDriveFile,
  type OnlineDriveFileBucket,
  type WebSiteInfo,
  type WebSiteInfoDetail,
} from "@x/protocol";
import type { DaemonRequestOptions } from "../daemon/daemon-peer.js";
import type { SessionResult } from "../daemon/session-result.js";
import type { RecordedCall } from "../mock/recorded-call.js";

// Drives the six `datasource` actions (§2.3) the way Dify asks them, and reads each reply item with the
// @x/protocol schema of its action (`DATASOURCE_REPLY_SCHEMAS`): what the daemon and Dify would refuse fails here.

/** Sends one request and resolves with what the session sent (a `PluginConnection.request`). */
export type DatasourceRequester = (
  type: string,
  action: string,
  data: Record<string, unknown>,
  options: DaemonRequestOptions,
) => Promise<SessionResult>;

/** Who is asked: the provider, the credentials and the session envelope. */
export interface DatasourceProviderOptions extends DaemonRequestOptions {
  /** The datasource provider's name (its `identity.name`). */
  provider: string;
  /** Provider credentials, already decrypted (default `{}`). */
  credentials?: Record<string, unknown>;
  /** `credential_type` (`api-key`, `oauth2`...); left out when not given, as the daemon does when it is empty. */
  credentialType?: string;
  /** The end user (default `""`). */
  userId?: string;
}

/** {@link DatasourceProviderOptions} plus the datasource's name. */
export interface DatasourceTargetOptions extends DatasourceProviderOptions {
  /** The datasource's name (its `identity.name`). */
  datasource: string;
}

/** Options of a crawl or get-pages run: the target and its `datasource_parameters`. */
export interface DatasourceParametersOptions extends DatasourceTargetOptions {
  /** `datasource_parameters` (default `{}`). */
  parameters?: Record<string, unknown>;
}

/** Options of a page-content run. */
export interface PageContentOptions extends DatasourceTargetOptions {
  /** The page, as Dify sends it from a `get_pages` listing: `workspace_id`, `page_id`, `type`. */
  page: { workspace_id: string; page_id: string; type: string; [key: string]: unknown };
}

/** Options of a browse run: the `request` fields, camel-cased, with Dify's defaults. */
export interface BrowseOptions extends DatasourceTargetOptions {
  /** The bucket (default `null`). */
  bucket?: string | null;
  /** The folder id (default `""`, the root). */
  prefix?: string;
  /** The page size (default 20; the daemon requires it non-zero). */
  maxKeys?: number;
  /** What the previous page returned (default `null`). */
  nextPageParameters?: Record<string, unknown> | null;
}

/** Options of a download run. */
export interface DownloadOptions extends DatasourceTargetOptions {
  /** The file id. */
  id: string;
  /** The bucket (default `null`). */
  bucket?: string | null;
}

/** What every datasource run returns. */
export interface DatasourceRun {
  /** The session id. */
  readonly sessionId: string;
  /** The plugin's error, or null when it succeeded. */
  readonly error: ErrorPayload | null;
  /** The reverse calls the datasource made. */
  readonly calls: RecordedCall[];
  /** The raw `stream` items as sent on the wire. */
  readonly items: unknown[];
}

/** A `validate_datasource_credentials` run. */
export interface ValidateCredentialsRun extends DatasourceRun {
  /** `result` of the reply (false when the plugin failed). */
  readonly valid: boolean;
}

/** A crawl run: every state sent, in order. */
export interface CrawlRun extends DatasourceRun {
  /** Each `result` the crawl sent (progress first, the final state last). */
  readonly states: WebSiteInfo[];
  /** The last state, or undefined when none was sent. */
  readonly final: WebSiteInfo | undefined;
  /** The pages of the last state (`[]` when none). */
  readonly pages: WebSiteInfoDetail[];
}

/** A get-pages run. */
export interface PagesRun extends DatasourceRun {
  /** The workspaces and their pages (`[]` when the plugin failed). */
  readonly workspaces: OnlineDocumentInfo[];
}

/** A page-content or download run: datasource messages. */
export interface MessagesRun extends DatasourceRun {
  /** The messages, parsed (blobs hold bytes). */
  readonly messages: DatasourceMessage[];
  /** The non-streamed `variable` messages by name (the page content arrives as `content`). */
  readonly variables: Record<string, unknown>;
}

/** A download run: the file of the first `blob` message. */
export interface DownloadRun extends MessagesRun {
  /** The first blob's bytes and its `meta.file_name` / `meta.mime_type`; undefined when no blob was sent. */
  readonly file: { bytes: Uint8Array; fileName: unknown; mimeType: unknown } | undefined;
}

/** A browse run. */
export interface BrowseRun extends DatasourceRun {
  /** The buckets of the page (`[]` when the plugin failed). */
  readonly buckets: OnlineDriveFileBucket[];
}

/**
 * Sends the datasource actions to a plugin (`harness.datasource.crawl(...)`) and returns typed results. A reply
 * item that the daemon or Dify would refuse throws the schema's error, naming the field.
 */
export class DatasourceDriver {
  private readonly send: DatasourceRequester;

  /** @internal Reached as `harness.datasource`. */
  constructor(send: DatasourceRequester) {
    this.send = send;
  }

  /** `validate_datasource_credentials`: `valid` is the reply's `result`; a rejection arrives as `error`. */
  async validateCredentials(options: DatasourceProviderOptions): Promise<ValidateCredentialsRun> {
    const { provider, credentials, credentialType, userId, ...envelope } = options;
    const result = await this.run(
      "validate_datasource_credentials",
      { user_id: userId ?? "", provider, ...credentialsOf(credentials, credentialType) },
      envelope,
    );
    const reply = result.items.map((item) => parse("validate_datasource_credentials", item))[0];
    return { ...runOf(result), valid: reply?.result ?? false };
  }

  /** `invoke_website_datasource_get_crawl`: every progress state and the final pages. */
  async crawl(options: DatasourceParametersOptions): Promise<CrawlRun> {
    const { parameters, ...target } = options;
    const result = await this.target("invoke_website_datasource_get_crawl", target, {
      datasource_parameters: parameters ?? {},
    });
    const states = result.items.map((item) => parse("invoke_website_datasource_get_crawl", item).result);
    const final = states.at(-1);
    return { ...runOf(result), states, final, pages: final?.web_info_list ?? [] };
  }

  /** `invoke_online_document_datasource_get_pages`: the workspaces and pages. */
  async pages(options: DatasourceParametersOptions): Promise<PagesRun> {
    const { parameters, ...target } = options;
    const result = await this.target("invoke_online_document_datasource_get_pages", target, {
      datasource_parameters: parameters ?? {},
    });
    const workspaces = result.items.flatMap(
      (item) => parse("invoke_online_document_datasource_get_pages", item).result,
    );
    return { ...runOf(result), workspaces };
  }

  /** `invoke_online_document_datasource_get_page_content`: the page's messages and variables. */
  async pageContent(options: PageContentOptions): Promise<MessagesRun> {
    const { page, ...target } = options;
    const result = await this.target("invoke_online_document_datasource_get_page_content", target, { page });
    return messagesRun(result, "invoke_online_document_datasource_get_page_content");
  }

  /** `invoke_online_drive_browse_files`: one page of buckets. */
  async browse(options: BrowseOptions): Promise<BrowseRun> {
    const { bucket, prefix, maxKeys, nextPageParameters, ...target } = options;
    const result = await this.target("invoke_online_drive_browse_files", target, {
      request: {
        bucket: bucket ?? null,
        prefix: prefix ?? "",
        max_keys: maxKeys ?? 20,
        next_page_parameters: nextPageParameters ?? null,
      },
    });
    const buckets = result.items.flatMap((item) => parse("invoke_online_drive_browse_files", item).result);
    return { ...runOf(result), buckets };
  }

  /**
   * Browses page after page, as Dify does while a bucket says `is_truncated`, sending its `next_page_parameters`
   * back, and returns every file of the first bucket. Stops after `maxPages` (default 100) or on an error.
   */
  async browseAll(options: BrowseOptions & { maxPages?: number }): Promise<{
    files: OnlineDriveFile[];
    pages: BrowseRun[];
  }> {
    const { maxPages = 100, ...browse } = options;
    const pages: BrowseRun[] = [];
    let next = browse.nextPageParameters ?? null;
    while (pages.length < maxPages) {
      const page = await this.browse({ ...browse, nextPageParameters: next });
      pages.push(page);
      const bucket = page.buckets[0];
      if (page.error || !bucket?.is_truncated) break;
      next = bucket.next_page_parameters;
    }
    return { files: pages.flatMap((page) => page.buckets[0]?.files ?? []), pages };
  }

  /** `invoke_online_drive_download_file`: the messages and the file of the first blob. */
  async download(options: DownloadOptions): Promise<DownloadRun> {
    const { id, bucket, ...target } = options;
    const result = await this.target("invoke_online_drive_download_file", target, {
      request: { bucket: bucket ?? null, id },
    });
    const run = messagesRun(result, "invoke_online_drive_download_file");
    const blob = run.messages.find((message) => message.type === "blob");
    const meta = (blob?.meta ?? {}) as Record<string, unknown>;
    return {
      ...run,
      file: blob
        ? { bytes: blob.message.blob, fileName: meta.file_name, mimeType: meta.mime_type }
        : undefined,
    };
  }

  private target(
    action: DatasourceAction,
    options: DatasourceTargetOptions,
    fields: Record<string, unknown>,
  ): Promise<SessionResult> {
    const { provider, datasource, credentials, credentialType, userId, ...envelope } = options;
    return this.run(
      action,
      {
        user_id: userId ?? "",
        provider,
        datasource,
        ...credentialsOf(credentials, credentialType),
        ...fields,
      },
      envelope,
    );
  }

  private run(action: DatasourceAction, data: Record<string, unknown>, envelope: DaemonRequestOptions) {
    return this.send(DATASOURCE_ACCESS_TYPE, action, data, envelope);
  }
}

function credentialsOf(credentials: Record<string, unknown> | undefined, credentialType: string | undefined) {
  return { credentials: credentials ?? {}, ...(credentialType ? { credential_type: credentialType } : {}) };
}

function runOf(result: SessionResult): DatasourceRun {
  return { sessionId: result.sessionId, error: result.error, calls: result.calls, items: result.items };
}

function parse<A extends DatasourceAction>(action: A, item: unknown) {
  const parsed = DATASOURCE_REPLY_SCHEMAS[action].safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new TypeError(`${action} reply item refused${at}: ${issue?.message ?? "invalid"}`, {
      cause: parsed.error,
    });
  }
  return parsed.data as ReturnType<(typeof DATASOURCE_REPLY_SCHEMAS)[A]["parse"]>;
}

function messagesRun(result: SessionResult, action: DatasourceAction): MessagesRun {
  const messages: DatasourceMessage[] = [];
  const variables: Record<string, unknown> = {};
  for (const item of result.items) {
    parse(action, item);
    const message = parseToolInvokeMessage(item) as DatasourceMessage;
    messages.push(message);
    if (message.type === "variable" && !message.message.stream) {
      variables[message.message.variable_name] = message.message.variable_value;
    }
  }
  return { ...runOf(result), messages, variables };
}
