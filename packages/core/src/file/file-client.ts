import { type UploadedFile, UploadedFileSchema, UploadFileReplySchema } from "@x/protocol";
import type { Dispatcher } from "undici";
import { AbortedError } from "../errors/aborted-error.js";
import { InvocationTimeoutError } from "../errors/invocation-timeout-error.js";
import { ProtocolError } from "../errors/protocol-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { loadUndici } from "../http/load-undici.js";
import type { InvokeOptions } from "../invocation/invoke-options.js";
import type { SessionBase } from "../runtime/session-base.js";
import { describeIssue } from "../validation/describe-issue.js";
import { FileUploadError } from "./file-upload-error.js";
import { encodeFileField } from "./multipart.js";

/** Budget of the HTTP upload when the call gives no `timeout`: 60 s. */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 60_000;

/** What the file client needs from a session. */
export type FileInvoker = Pick<SessionBase, "invoke" | "signal">;

/** Options of {@link FileClient.upload}: the usual call options plus the HTTP dispatcher. */
export interface FileUploadOptions extends InvokeOptions {
  /** undici dispatcher for the upload request (proxy, custom TLS, `MockAgent` in tests). */
  dispatcher?: Dispatcher;
}

/** Defaults of a {@link FileClient}. */
export interface FileClientOptions {
  /** Dispatcher used when a call gives none; default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
}

/**
 * Uploads files to Dify: asks the daemon for a signed URL (`upload_file`, always permitted), then POSTs the bytes
 * as `multipart/form-data` to it and expects `201` with the stored file's JSON.
 */
export class FileClient {
  private readonly session: FileInvoker;
  private readonly defaults: FileClientOptions;

  constructor(session: FileInvoker, defaults: FileClientOptions = {}) {
    this.session = session;
    this.defaults = defaults;
  }

  /**
   * Uploads `content` as `filename` with MIME type `mimetype` and returns Dify's file record.
   * `timeout` bounds both legs together; without it the HTTP leg is bounded by 60 s.
   */
  async upload(
    filename: string,
    content: Uint8Array | string,
    mimetype: string,
    options: FileUploadOptions = {},
  ): Promise<UploadedFile> {
    if (typeof filename !== "string" || filename.length === 0) {
      throw new ValidationError("filename must be a non-empty string", { field: "filename" });
    }
    if (typeof mimetype !== "string" || mimetype.length === 0) {
      throw new ValidationError("mimetype must be a non-empty string", { field: "mimetype" });
    }
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    const started = Date.now();
    const stream = this.session.invoke("upload_file", { filename, mimetype }, options);
    const reply = await stream.first();
    if (reply === undefined)
      throw new ProtocolError("upload_file: the daemon ended the call without a signed URL");
    const parsed = UploadFileReplySchema.safeParse(reply);
    if (!parsed.success) throw new ProtocolError("upload_file: the daemon's reply has no signed `url`");
    const url = parseUploadUrl(parsed.data.url);

    const budget =
      options.timeout !== undefined && options.timeout > 0
        ? Math.max(1, options.timeout - (Date.now() - started))
        : DEFAULT_UPLOAD_TIMEOUT_MS;
    const timer = AbortSignal.timeout(budget);
    const signals = [timer, this.session.signal];
    if (options.signal) signals.push(options.signal);
    const signal = AbortSignal.any(signals);

    const multipart = encodeFileField("file", filename, mimetype, bytes);
    const where = `${url.origin}${url.pathname}`;
    const fail = (error: unknown): never => {
      if (options.signal?.aborted) {
        throw new AbortedError("file upload aborted", { cause: options.signal.reason });
      }
      if (this.session.signal.aborted) throw this.session.signal.reason;
      if (timer.aborted) {
        throw new InvocationTimeoutError({
          timer: "total",
          ms: options.timeout ?? DEFAULT_UPLOAD_TIMEOUT_MS,
          invokeType: "upload_file",
          backwardsRequestId: stream.id,
        });
      }
      throw new FileUploadError(
        `file upload to ${where} failed: ${(error as Error)?.message ?? String(error)}`,
        {
          cause: error,
        },
      );
    };

    let status: number;
    let text: string;
    try {
      const dispatcher = options.dispatcher ?? this.defaults.dispatcher;
      const { request } = await loadUndici();
      const response = await request(url, {
        method: "POST",
        headers: { "content-type": multipart.contentType },
        body: multipart.body,
        signal,
        ...(dispatcher ? { dispatcher } : {}),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      return fail(error);
    }
    if (status !== 201) {
      throw new FileUploadError(`file upload to ${where} answered HTTP ${status}, expected 201`, {
        status,
        body: text.slice(0, 500),
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new FileUploadError(`file upload to ${where} answered 201 with a body that is not JSON`, {
        status,
        body: text.slice(0, 500),
        cause: error,
      });
    }
    const file = UploadedFileSchema.safeParse(json);
    if (!file.success) {
      throw new FileUploadError(
        `file upload to ${where} answered 201 without a valid file record (${describeIssue(file.error, { subject: "body" })})`,
        { status, body: text.slice(0, 500) },
      );
    }
    return file.data;
  }
}

function parseUploadUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProtocolError("upload_file: the signed URL is not an absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ProtocolError(`upload_file: the signed URL has unsupported scheme ${url.protocol}`);
  }
  return url;
}
