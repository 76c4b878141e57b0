import { DifyPluginError, type DifyPluginErrorOptions, hasCode } from "../errors/dify-plugin-error.js";

/** Uploading a file to Dify failed after the signed URL was obtained (HTTP error, bad answer, network, timeout). */
export class FileUploadError extends DifyPluginError {
  /** HTTP status of Dify's answer, when one arrived. */
  readonly status: number | undefined;
  /** The start of Dify's answer body (at most 500 characters), when one arrived. */
  readonly body: string | undefined;

  constructor(message: string, options: DifyPluginErrorOptions & { status?: number; body?: string } = {}) {
    super("file_upload_failed", message, options);
    this.status = options.status;
    this.body = options.body;
  }

  /** True for a `FileUploadError` from any copy of the package. */
  static override isInstance(error: unknown): error is FileUploadError {
    return hasCode(error, "file_upload_failed");
  }
}
