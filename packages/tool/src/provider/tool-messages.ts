import { randomUUID } from "node:crypto";
import { ValidationError } from "@x/core";
import type { LogStatus, RetrieverResource } from "@x/protocol";

/** Free-form `meta` of a message (`null` when unset, as the Python SDK sends it). */
export type MessageMeta = Record<string, unknown> | null;

/** A message a tool yields. `blob` carries bytes; the SDK sends it as 8192-byte `blob_chunk`s. */
export type OutgoingToolMessage =
  | { type: "text"; message: { text: string }; meta: MessageMeta }
  | { type: "json"; message: { json_object: Record<string, unknown> | unknown[] }; meta: MessageMeta }
  | { type: "link" | "image" | "image_link" | "binary_link"; message: { text: string }; meta: MessageMeta }
  | { type: "file"; message: { file_marker: string }; meta: MessageMeta }
  | { type: "blob"; message: { blob: Uint8Array }; meta: MessageMeta }
  | {
      type: "variable";
      message: { variable_name: string; variable_value: unknown; stream: boolean };
      meta: MessageMeta;
    }
  | { type: "log"; message: LogEntry; meta: MessageMeta }
  | {
      type: "retriever_resources";
      message: { retriever_resources: RetrieverResource[]; context: string };
      meta: MessageMeta;
    };

/** The payload of a `log` message. */
export interface LogEntry {
  id: string;
  label: string;
  parent_id: string | null;
  error: string | null;
  status: LogStatus;
  data: Record<string, unknown>;
  metadata: Record<string, unknown> | null;
}

/** Options of {@link messages.log}. */
export interface LogOptions {
  /** Shown in Dify's trace (required). */
  label: string;
  /** Details of the step (default `{}`). */
  data?: Record<string, unknown>;
  /** The enclosing log entry, for nesting. */
  parent?: { message: { id: string } } | string;
  /** Default `start`. */
  status?: LogStatus;
  /** `started_at`, `elapsed_time`, `total_tokens`, `provider`, ... */
  metadata?: Record<string, unknown>;
  /** Default: a fresh uuid4. */
  id?: string;
}

/** Options of {@link messages.finishLog}. */
export interface FinishLogOptions {
  /** Default `success` (`error` when `error` is given). */
  status?: Exclude<LogStatus, "start">;
  /** Replaces the step's data (default: the start entry's data). */
  data?: Record<string, unknown>;
  /** The failure text; implies `status: "error"`. */
  error?: string;
  /** Replaces the metadata. */
  metadata?: Record<string, unknown>;
}

const RESOURCE_KEYS = [
  "position",
  "dataset_id",
  "dataset_name",
  "document_id",
  "document_name",
  "data_source_type",
  "segment_id",
  "retriever_from",
  "score",
  "hit_count",
  "word_count",
  "segment_position",
  "index_node_hash",
  "content",
  "page",
  "doc_metadata",
] as const;

function textMessage<T extends "text" | "link" | "image" | "image_link" | "binary_link">(
  type: T,
  text: string,
  meta: MessageMeta,
) {
  if (typeof text !== "string")
    throw new ValidationError(`${type} message text must be a string`, { field: "text" });
  return { type, message: { text }, meta };
}

/**
 * Builders of the messages a tool yields, with the exact payload shapes and key order of the Python SDK.
 * `yield messages.text("done")`.
 */
export const messages = {
  /** A text message. */
  text: (text: string, meta: MessageMeta = null) => textMessage("text", text, meta),
  /** A JSON message (`json_object` must be an object or array). */
  json(value: Record<string, unknown> | unknown[], meta: MessageMeta = null) {
    if (typeof value !== "object" || value === null)
      throw new ValidationError("json message needs an object or array", { field: "json_object" });
    return { type: "json" as const, message: { json_object: value }, meta };
  },
  /** A link (URL). */
  link: (url: string, meta: MessageMeta = null) => textMessage("link", url, meta),
  /** An image given by URL. */
  image: (url: string, meta: MessageMeta = null) => textMessage("image", url, meta),
  /** An image link. */
  imageLink: (url: string, meta: MessageMeta = null) => textMessage("image_link", url, meta),
  /** A binary file link (`binary_link`, URL in `text`). */
  binaryLink: (url: string, meta: MessageMeta = null) => textMessage("binary_link", url, meta),
  /** A Dify file (as Dify's own `file` message: a marker payload, the file object in `meta.file`). */
  file(
    file: Record<string, unknown> | { raw: Readonly<Record<string, unknown>> },
    meta: Record<string, unknown> = {},
  ) {
    const raw = "raw" in file && typeof file.raw === "object" ? file.raw : file;
    return { type: "file" as const, message: { file_marker: "file_marker" }, meta: { ...meta, file: raw } };
  },
  /** Binary data; sent as 8192-byte `blob_chunk`s. `meta` usually has `mime_type` and `filename`. */
  blob(bytes: Uint8Array, meta: MessageMeta = null) {
    if (!(bytes instanceof Uint8Array))
      throw new ValidationError("blob message needs a Uint8Array", { field: "blob" });
    return { type: "blob" as const, message: { blob: bytes }, meta };
  },
  /** Sets an output variable. */
  variable: (name: string, value: unknown, meta: MessageMeta = null) => ({
    type: "variable" as const,
    message: { variable_name: name, variable_value: value, stream: false },
    meta,
  }),
  /** Appends a string piece to a streamed output variable. */
  streamVariable(name: string, piece: string, meta: MessageMeta = null) {
    if (typeof piece !== "string")
      throw new ValidationError("a streamed variable's value must be a string", { field: "variable_value" });
    return {
      type: "variable" as const,
      message: { variable_name: name, variable_value: piece, stream: true },
      meta,
    };
  },
  /** Starts a log entry (status `start` by default); pass it to `finishLog` when the step ends. */
  log(options: LogOptions, meta: MessageMeta = null) {
    const parent = typeof options.parent === "string" ? options.parent : options.parent?.message.id;
    const entry: LogEntry = {
      id: options.id ?? randomUUID(),
      label: options.label,
      parent_id: parent ?? null,
      error: null,
      status: options.status ?? "start",
      data: options.data ?? {},
      metadata: options.metadata ?? null,
    };
    return { type: "log" as const, message: entry, meta };
  },
  /** Finishes a log entry: same id, label and parent, new status. */
  finishLog(started: { message: LogEntry }, options: FinishLogOptions = {}, meta: MessageMeta = null) {
    const entry: LogEntry = {
      id: started.message.id,
      label: started.message.label,
      parent_id: started.message.parent_id,
      error: options.error ?? null,
      status: options.status ?? (options.error === undefined ? "success" : "error"),
      data: options.data ?? started.message.data,
      metadata: options.metadata ?? started.message.metadata,
    };
    return { type: "log" as const, message: entry, meta };
  },
  /** Citations plus the retrieved context; every resource field is sent (null when not given). */
  retrieverResources(
    resources: readonly Partial<RetrieverResource>[],
    context: string,
    meta: MessageMeta = null,
  ) {
    const list = resources.map((resource) => {
      const out: Record<string, unknown> = {};
      for (const key of RESOURCE_KEYS) out[key] = resource[key] ?? null;
      for (const [key, value] of Object.entries(resource)) if (!(key in out)) out[key] = value;
      return out as RetrieverResource;
    });
    return { type: "retriever_resources" as const, message: { retriever_resources: list, context }, meta };
  },
} satisfies Record<string, (...args: never[]) => OutgoingToolMessage>;
