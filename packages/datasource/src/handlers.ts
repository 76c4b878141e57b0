import { type Plugin, type Session, type SessionExtension, ValidationError } from "@x/core";
import { DEFAULT_MAX_OUTBOUND_LINE, type ExtensionApis, parseInput } from "@x/core/internal";
import {
  DATASOURCE_ACCESS_TYPE,
  DATASOURCE_REQUEST_SCHEMAS,
  type DatasourceAction,
  type DatasourceMessageWire,
  type DatasourceProviderType,
  OnlineDocumentPagesReplySchema,
  OnlineDriveBrowseFilesReplySchema,
  type RequestData,
  TOOL_MESSAGE_TYPES,
  WebsiteCrawlReplySchema,
} from "@x/protocol";
import type { OutgoingToolMessage } from "@x/tool";
import type { z } from "zod";
import type {
  AnyDatasourceDefinition,
  DatasourceContext,
  DatasourceMessageStream,
  DatasourceRunContext,
  DownloadedFile,
} from "./define-datasource.js";
import type { DatasourceProvider } from "./define-datasource-provider.js";
import { DatasourceNotFoundError } from "./errors/datasource-not-found-error.js";
import { parseDatasourceParameters } from "./parameters.js";

// The six `datasource` actions (§2.3, `pkg/entities/requests/datasource.go`). Each reply item is checked with the
// @x/protocol schema of its action before it is sent, so a wrong shape fails in the plugin with a message naming
// the field, not in Dify.

type Apis = ExtensionApis<readonly SessionExtension[]>;

// One registry per Plugin: the routes are registered once and dispatch by provider name.
const registries = new WeakMap<Plugin, Map<string, DatasourceProvider>>();

/** Which provider kind answers each action (`validate_datasource_credentials` is every kind's). */
const ACTION_KIND: Record<
  Exclude<DatasourceAction, "validate_datasource_credentials">,
  DatasourceProviderType
> = {
  invoke_website_datasource_get_crawl: "website_crawl",
  invoke_online_document_datasource_get_pages: "online_document",
  invoke_online_document_datasource_get_page_content: "online_document",
  invoke_online_drive_browse_files: "online_drive",
  invoke_online_drive_download_file: "online_drive",
};

/** Blob bytes that still fit one outbound line once base64- and JSON-encoded (the envelope takes the rest). */
export const MAX_DATASOURCE_BLOB_BYTES = Math.floor((DEFAULT_MAX_OUTBOUND_LINE - 64 * 1024) / 4) * 3;

const OUTGOING_TYPES: ReadonlySet<string> = new Set(TOOL_MESSAGE_TYPES);

/** @internal Adds `provider` to `plugin`'s registry, registering the datasource routes on first use. */
export function registerDatasourceProvider(plugin: Plugin, provider: DatasourceProvider): void {
  let registry = registries.get(plugin);
  if (!registry) {
    registry = new Map();
    registries.set(plugin, registry);
    const providers = registry;
    const on = (action: DatasourceAction, handler: (session: Session<Apis>, data: RequestData) => unknown) =>
      plugin.on(DATASOURCE_ACCESS_TYPE, action, (session, data) => handler(session as Session<Apis>, data));
    on("validate_datasource_credentials", (session, data) => validateCredentials(providers, session, data));
    on("invoke_website_datasource_get_crawl", (session, data) => crawl(providers, session, data));
    on("invoke_online_document_datasource_get_pages", (session, data) => getPages(providers, session, data));
    on("invoke_online_document_datasource_get_page_content", (session, data) =>
      getPageContent(providers, session, data),
    );
    on("invoke_online_drive_browse_files", (session, data) => browseFiles(providers, session, data));
    on("invoke_online_drive_download_file", (session, data) => downloadFile(providers, session, data));
  }
  const existing = registry.get(provider.name);
  if (existing === provider) return;
  if (existing) {
    throw new ValidationError(
      `a datasource provider named ${provider.name} is already registered on this plugin`,
      { field: "identity.name" },
    );
  }
  registry.set(provider.name, provider);
}

function request<A extends DatasourceAction>(action: A, data: RequestData) {
  return parseInput(DATASOURCE_REQUEST_SCHEMAS[action] as z.ZodType, data, {
    what: `${action} request`,
  }) as z.output<(typeof DATASOURCE_REQUEST_SCHEMAS)[A]>;
}

function providerOf(providers: Map<string, DatasourceProvider>, name: string): DatasourceProvider {
  const provider = providers.get(name);
  if (!provider) throw new DatasourceNotFoundError(name);
  return provider;
}

function datasourceOf<K extends DatasourceProviderType>(
  providers: Map<string, DatasourceProvider>,
  action: keyof typeof ACTION_KIND,
  providerName: string,
  name: string,
): Extract<AnyDatasourceDefinition, { kind: K }> {
  const datasource = providerOf(providers, providerName).datasource(name);
  if (!datasource) throw new DatasourceNotFoundError(providerName, name);
  const kind = ACTION_KIND[action];
  if (datasource.kind !== kind) {
    throw new DatasourceNotFoundError(
      providerName,
      name,
      `Datasource \`${name}\` of provider \`${providerName}\` is a ${datasource.kind} datasource; ${action} asks a ${kind} one`,
    );
  }
  return datasource as Extract<AnyDatasourceDefinition, { kind: K }>;
}

function contextOf(
  session: Session<Apis>,
  req: {
    provider: string;
    datasource: string;
    credentials: Record<string, unknown>;
    credential_type?: unknown;
  },
): DatasourceContext<Apis> {
  return {
    session,
    credentials: req.credentials,
    credentialType:
      typeof req.credential_type === "string" && req.credential_type ? req.credential_type : "api-key",
    userId: session.userId,
    provider: req.provider,
    datasource: req.datasource,
    signal: session.signal,
    logger: session.logger,
  };
}

async function validateCredentials(
  providers: Map<string, DatasourceProvider>,
  session: Session<Apis>,
  data: RequestData,
): Promise<{ result: true }> {
  const req = request("validate_datasource_credentials", data);
  const provider = providerOf(providers, req.provider);
  await provider.definition.validateCredentials?.(req.credentials, {
    session,
    credentialType: req.credential_type || "api-key",
    signal: session.signal,
  });
  return { result: true };
}

async function* crawl(
  providers: Map<string, DatasourceProvider>,
  session: Session<Apis>,
  data: RequestData,
): AsyncGenerator<object, void, undefined> {
  const req = request("invoke_website_datasource_get_crawl", data);
  const datasource = datasourceOf<"website_crawl">(
    providers,
    "invoke_website_datasource_get_crawl",
    req.provider,
    req.datasource,
  );
  const parameters = parseDatasourceParameters(
    req.datasource,
    datasource.parameters,
    req.datasource_parameters,
  );
  const context: DatasourceRunContext<Apis> = {
    ...contextOf(session, req),
    rawParameters: req.datasource_parameters,
  };
  const produced = await datasource.crawl(parameters, context);
  const states: AsyncIterable<unknown> | Iterable<unknown> =
    typeof produced === "object" &&
    produced !== null &&
    (Symbol.asyncIterator in produced || Symbol.iterator in produced)
      ? (produced as AsyncIterable<unknown>)
      : [produced];
  for await (const state of states) {
    yield parseInput(
      WebsiteCrawlReplySchema,
      { result: state },
      { what: `crawl state of ${req.datasource}` },
    );
  }
}

async function getPages(
  providers: Map<string, DatasourceProvider>,
  session: Session<Apis>,
  data: RequestData,
): Promise<object> {
  const req = request("invoke_online_document_datasource_get_pages", data);
  const datasource = datasourceOf<"online_document">(
    providers,
    "invoke_online_document_datasource_get_pages",
    req.provider,
    req.datasource,
  );
  const parameters = parseDatasourceParameters(
    req.datasource,
    datasource.parameters,
    req.datasource_parameters,
  );
  const workspaces = await datasource.getPages(parameters, {
    ...contextOf(session, req),
    rawParameters: req.datasource_parameters,
  });
  return parseInput(
    OnlineDocumentPagesReplySchema,
    { result: workspaces },
    { what: `pages of ${req.datasource}` },
  );
}

async function* getPageContent(
  providers: Map<string, DatasourceProvider>,
  session: Session<Apis>,
  data: RequestData,
): AsyncGenerator<DatasourceMessageWire, void, undefined> {
  const req = request("invoke_online_document_datasource_get_page_content", data);
  const datasource = datasourceOf<"online_document">(
    providers,
    "invoke_online_document_datasource_get_page_content",
    req.provider,
    req.datasource,
  );
  const produced = await datasource.getContent(req.page, contextOf(session, req));
  if (isStream(produced)) {
    yield* wireMessages(produced);
    return;
  }
  if (typeof produced !== "object" || produced === null || typeof produced.content !== "string") {
    throw new ValidationError(
      `getContent of ${req.datasource} must return { content: string } or yield datasource messages`,
    );
  }
  const variables: Record<string, unknown> = {
    content: produced.content,
    page_id: req.page.page_id,
    workspace_id: req.page.workspace_id,
    ...produced.variables,
  };
  for (const [name, value] of Object.entries(variables)) {
    yield {
      type: "variable",
      message: { variable_name: name, variable_value: value, stream: false },
      meta: null,
    };
  }
}

async function browseFiles(
  providers: Map<string, DatasourceProvider>,
  session: Session<Apis>,
  data: RequestData,
): Promise<object> {
  const req = request("invoke_online_drive_browse_files", data);
  const datasource = datasourceOf<"online_drive">(
    providers,
    "invoke_online_drive_browse_files",
    req.provider,
    req.datasource,
  );
  const buckets = await datasource.browse(req.request, contextOf(session, req));
  return parseInput(
    OnlineDriveBrowseFilesReplySchema,
    { result: Array.isArray(buckets) ? buckets : [buckets] },
    { what: `files of ${req.datasource}` },
  );
}

async function* downloadFile(
  providers: Map<string, DatasourceProvider>,
  session: Session<Apis>,
  data: RequestData,
): AsyncGenerator<DatasourceMessageWire, void, undefined> {
  const req = request("invoke_online_drive_download_file", data);
  const datasource = datasourceOf<"online_drive">(
    providers,
    "invoke_online_drive_download_file",
    req.provider,
    req.datasource,
  );
  const produced = await datasource.download(req.request, contextOf(session, req));
  if (isStream(produced)) {
    yield* wireMessages(produced);
    return;
  }
  const file = produced as DownloadedFile;
  if (typeof file !== "object" || file === null || !(file.bytes instanceof Uint8Array)) {
    throw new ValidationError(
      `download of ${req.datasource} must return { bytes: Uint8Array, fileName?, mimeType? } or yield messages`,
    );
  }
  yield blobWire(file.bytes, {
    ...file.meta,
    file_name: file.fileName ?? req.request.id,
    mime_type: file.mimeType ?? "application/octet-stream",
  });
}

function isStream(value: unknown): value is DatasourceMessageStream {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

async function* wireMessages(stream: DatasourceMessageStream): AsyncGenerator<DatasourceMessageWire> {
  for await (const item of stream as AsyncIterable<unknown>) {
    const message = item as OutgoingToolMessage;
    if (
      typeof message !== "object" ||
      message === null ||
      !OUTGOING_TYPES.has(message.type) ||
      (message.type as string) === "blob_chunk"
    ) {
      throw new ValidationError(
        `a datasource yielded ${JSON.stringify((item as { type?: unknown })?.type ?? item)}, which is not a datasource message (use @x/tool's \`messages\` builders)`,
      );
    }
    if (message.type === "blob") yield blobWire(message.message.blob, message.meta);
    else yield message as DatasourceMessageWire;
  }
}

/** One unchunked `blob` message (the Python SDK never chunks datasource blobs, §6.3). */
function blobWire(bytes: Uint8Array, meta: Record<string, unknown> | null): DatasourceMessageWire {
  if (bytes.byteLength > MAX_DATASOURCE_BLOB_BYTES) {
    throw new ValidationError(
      `a datasource file is sent as one blob message, which must fit the daemon's 5 MiB line once base64-encoded: ${bytes.byteLength} bytes is over the ${MAX_DATASOURCE_BLOB_BYTES}-byte limit`,
    );
  }
  return {
    type: "blob",
    message: { blob: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") },
    meta,
  } as DatasourceMessageWire;
}
