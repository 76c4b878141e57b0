export {
  DEFAULT_UPLOAD_TIMEOUT_MS,
  FileClient,
  type FileClientOptions,
  type FileInvoker,
  type FileUploadOptions,
} from "./file-client.js";
export { FileUploadError } from "./file-upload-error.js";
export {
  type AppFileParameter,
  FILE_TYPES,
  type FileType,
  fileTypeFromMime,
  toAppFileParameter,
  type UploadedFile,
  UploadedFileSchema,
} from "./uploaded-file.js";
