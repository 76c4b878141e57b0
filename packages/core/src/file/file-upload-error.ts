import { brandError } from "../errors/brand.js";
import { DifyPluginError, type DifyPluginErrorOptions } from "../errors/dify-plugin-error.js";

/** Uploading a file to Dify failed after the signed URL was obtained (HTTP error, bad answer, network, timeout). */
export class FileUploadError extends DifyPluginError {
  /** HTTP status of Dify's answer, when one arrived. */
  readonly status: number | undefined;
  /** The start of Dify's answer body (at most 500 characters), when one arrived. */
  readonly body: string | undefined;

  constructor(message: string, options: DifyPluginErrorOptions & { status?: number; body?: string } = {}) {
    super("DIFY_ERR_FILE_UPLOAD", message, options);
    this.status = options.status;
    this.body = options.body;
  }
}

brandError(FileUploadError, "FileUploadError");
