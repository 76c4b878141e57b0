import { z } from "zod";
import { lazySchema } from "../lazy-schema.js";

/** Dify's file kinds, derived from the MIME type when the upload answer omits `type`. */
export const FILE_TYPES = ["document", "image", "video", "audio"] as const;

/** A Dify file kind. */
export type FileType = (typeof FILE_TYPES)[number];

/** The kind Dify assigns to a MIME type (`image/*`, `video/*`, `audio/*`, else `document`). */
export function fileTypeFromMime(mimeType: string): FileType {
  if (mimeType.startsWith("image/")) return "image";
  if (mimeType.startsWith("video/")) return "video";
  if (mimeType.startsWith("audio/")) return "audio";
  return "document";
}

/** Dify's answer to a file upload (201 JSON of the files API), validated; unknown keys are kept. */
export const UploadedFileSchema = lazySchema(() =>
  z
    .looseObject({
      id: z.string().min(1),
      name: z.string(),
      size: z.number().int().nonnegative(),
      extension: z.string(),
      mime_type: z.string(),
      type: z.enum(FILE_TYPES).optional(),
      preview_url: z.string().nullable().optional(),
    })
    .transform((file) => ({ ...file, type: file.type ?? fileTypeFromMime(file.mime_type) })),
);

/** A file stored in Dify by `session.file.upload(...)`. */
export type UploadedFile = z.output<typeof UploadedFileSchema>;

/** How an uploaded file is passed to an app or workflow input (`files` of `session.app.*.invoke`). */
export interface AppFileParameter {
  /** The uploaded file's id. */
  upload_file_id: string;
  /** Always `local_file` for uploaded files. */
  transfer_method: "local_file";
  /** Dify's file kind. */
  type: FileType;
}

/** Turns an uploaded file into the reference an app input or `files` entry expects. */
export function toAppFileParameter(file: Pick<UploadedFile, "id" | "mime_type">): AppFileParameter {
  return { upload_file_id: file.id, transfer_method: "local_file", type: fileTypeFromMime(file.mime_type) };
}
